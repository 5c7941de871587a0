#pragma once
// lloyd::io — the small JSON subset of a model file's metadata (io/model.hpp): objects, arrays,
// strings, numbers, true, false and null. Numbers keep their text, so a 64-bit seed or a double
// written with 17 digits reads back exactly (as_u64, as_i64, as_double). Nesting is limited to 16
// levels and malformed text throws lloyd::error naming the source and the byte offset.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "../error.hpp"

namespace lloyd {
namespace io {

struct JsonValue {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  std::string text;              ///< a String's value, a Number's literal text, "true"/"false" for a Bool
  std::vector<JsonValue> items;  ///< an Array's elements
  std::vector<std::pair<std::string, JsonValue>> members;  ///< an Object's members, in order

  /// The member named `key` of an Object, or nullptr.
  const JsonValue* find(const std::string& key) const {
    for (const auto& m : members)
      if (m.first == key) return &m.second;
    return nullptr;
  }
};

/// `s` as a JSON string literal (quotes and escapes added).
inline std::string json_quote(const std::string& s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

namespace detail {

class JsonParser {
 public:
  JsonParser(const std::string& text, const std::string& source) : s_(text), src_(source) {}

  JsonValue document() {
    JsonValue v = value(0);
    ws();
    if (i_ != s_.size()) fail("unexpected text after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw error(src_ + ": bad JSON metadata at byte " + std::to_string(i_) + ": " + what);
  }
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  bool literal(const char* word) {
    const std::string w(word);
    if (s_.compare(i_, w.size(), w) != 0) return false;
    i_ += w.size();
    return true;
  }

  JsonValue value(int depth) {
    if (depth > 16) fail("nested too deeply");
    ws();
    JsonValue v;
    const char c = peek();
    if (c == '{' || c == '[') return container(depth, c == '{');
    if (c == '"') {
      v.kind = JsonValue::String;
      v.text = string();
    } else if (literal("true")) {
      v.kind = JsonValue::Bool;
      v.text = "true";
    } else if (literal("false")) {
      v.kind = JsonValue::Bool;
      v.text = "false";
    } else if (literal("null")) {
      v.kind = JsonValue::Null;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      v.kind = JsonValue::Number;
      v.text = number();
    } else {
      fail("expected a value");
    }
    return v;
  }

  JsonValue container(int depth, bool object) {
    JsonValue v;
    v.kind = object ? JsonValue::Object : JsonValue::Array;
    ++i_;
    ws();
    if (peek() == (object ? '}' : ']')) {
      ++i_;
      return v;
    }
    for (;;) {
      ws();
      if (object) {
        if (peek() != '"') fail("expected a member name");
        std::string key = string();
        ws();
        if (peek() != ':') fail("expected ':'");
        ++i_;
        v.members.emplace_back(std::move(key), value(depth + 1));
      } else {
        v.items.push_back(value(depth + 1));
      }
      ws();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() != (object ? '}' : ']')) fail(object ? "expected ',' or '}'" : "expected ',' or ']'");
      ++i_;
      return v;
    }
  }

  std::string string() {
    std::string out;
    ++i_;  // opening quote
    for (;;) {
      if (i_ >= s_.size()) fail("unterminated string");
      const char c = s_[i_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) fail("unterminated string");
      const char e = s_[i_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u':
          out += unicode();
          break;
        default:
          fail("bad escape in a string");
      }
    }
  }

  // \uXXXX as UTF-8 (a surrogate half is kept as its 3-byte form: the metadata is ASCII anyway).
  std::string unicode() {
    if (s_.size() - i_ < 4) fail("bad \\u escape");
    unsigned cp = 0;
    for (int k = 0; k < 4; ++k) {
      const char h = s_[i_++];
      cp <<= 4;
      if (h >= '0' && h <= '9') cp |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f') cp |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') cp |= static_cast<unsigned>(h - 'A' + 10);
      else fail("bad \\u escape");
    }
    std::string out;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
    return out;
  }

  std::string number() {
    const std::size_t b = i_;
    if (peek() == '-') ++i_;
    auto digits = [&] {
      const std::size_t d = i_;
      while (peek() >= '0' && peek() <= '9') ++i_;
      if (i_ == d) fail("bad number");
    };
    digits();
    if (peek() == '.') {
      ++i_;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      if (peek() == '+' || peek() == '-') ++i_;
      digits();
    }
    return s_.substr(b, i_ - b);
  }

  const std::string& s_;
  const std::string& src_;
  std::size_t i_ = 0;
};

}  // namespace detail

/// Parses a JSON document (the whole text must be one value).
inline JsonValue parse_json(const std::string& text, const std::string& source) {
  return detail::JsonParser(text, source).document();
}

/// A Number as an integer in [lo, hi] (no fraction or exponent), else lloyd::error naming `what`.
inline long long json_integer(const JsonValue& v, long long lo, long long hi, const std::string& what) {
  if (v.kind == JsonValue::Number && v.text.find_first_of(".eE") == std::string::npos) {
    errno = 0;
    char* end = nullptr;
    const long long x = std::strtoll(v.text.c_str(), &end, 10);
    if (errno == 0 && *end == '\0' && x >= lo && x <= hi) return x;
  }
  throw error(what + " must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

/// A Number as an unsigned 64-bit integer, else lloyd::error naming `what`.
inline std::uint64_t json_u64(const JsonValue& v, const std::string& what) {
  if (v.kind == JsonValue::Number && !v.text.empty() && v.text[0] != '-' &&
      v.text.find_first_of(".eE") == std::string::npos) {
    errno = 0;
    char* end = nullptr;
    const unsigned long long x = std::strtoull(v.text.c_str(), &end, 10);
    if (errno == 0 && *end == '\0') return static_cast<std::uint64_t>(x);
  }
  throw error(what + " must be an integer in [0, 2^64)");
}

/// A Number as a finite double, else lloyd::error naming `what`.
inline double json_double(const JsonValue& v, const std::string& what) {
  if (v.kind == JsonValue::Number) {
    char* end = nullptr;
    const double x = std::strtod(v.text.c_str(), &end);
    if (*end == '\0' && x - x == 0) return x;
  }
  throw error(what + " must be a finite number");
}

}  // namespace io
}  // namespace lloyd
