#pragma once
// Command-line flags for the examples: `--name value` pairs and bare `--flag`s, every one checked.
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

class Args {
 public:
  /// Flags listed in `switches` take no value; every other `--name` takes the next argument.
  Args(int argc, char** argv, std::set<std::string> switches = {}) : switches_(std::move(switches)) {
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (a.rfind("--", 0) != 0) {
        positional_.push_back(a);
      } else if (switches_.count(a)) {
        values_[a] = "1";
      } else {
        if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
        values_[a] = argv[++i];
      }
    }
  }
  std::string get(const std::string& name, const std::string& def) {
    used_.insert(name);
    auto it = values_.find(name);
    return it == values_.end() ? def : it->second;
  }
  long long get_int(const std::string& name, long long def) {
    const std::string v = get(name, std::to_string(def));
    char* end = nullptr;
    const long long x = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || *end) throw std::invalid_argument(name + " must be an integer, got '" + v + "'");
    return x;
  }
  bool flag(const std::string& name) {
    used_.insert(name);
    return values_.count(name) > 0;
  }
  const std::vector<std::string>& positional() const { return positional_; }
  /// Throws on a flag no get() asked for (a typo, or a flag of another example).
  void finish() const {
    for (const auto& kv : values_)
      if (!used_.count(kv.first)) throw std::invalid_argument("unknown option " + kv.first);
  }

 private:
  std::set<std::string> switches_;
  std::map<std::string, std::string> values_;
  std::set<std::string> used_;
  std::vector<std::string> positional_;
};
