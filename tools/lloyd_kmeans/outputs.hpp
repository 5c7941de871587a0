#pragma once
// lloyd_kmeans' output files as one set: checked and opened before the fit, committed all or nothing.
//
//   check_paths(inputs, outputs)  refuses, before anything is read or fitted, an output that is an
//                                 input or another output (the same file by device and inode, so also
//                                 through a link or another spelling; for a file that does not exist
//                                 yet, the same directory and name), and "-" as an output.
//   OutputSet::open(path)         creates the output's temporary now (io::AtomicFile), so a missing or
//                                 unwritable directory fails before the fit;
//   OutputSet::commit()           closes every temporary (write errors surface here, nothing is
//                                 renamed yet), then renames them into place with SIGINT, SIGTERM and
//                                 SIGHUP held back; if a rename fails, the outputs renamed before it
//                                 are put back as they were (hard-linked backups of the files they
//                                 replaced), so either every output is new or none is.
// While temporaries exist, SIGINT, SIGTERM and SIGHUP remove them before the process dies of the signal.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <lloyd/error.hpp>
#include <lloyd/io/file.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lloyd_cli {

namespace detail {

/// The temporaries a signal handler removes: fixed storage, written before the handler can see it.
struct TempRegistry {
  static constexpr int kMax = 8;
  char paths[kMax][4096];
  volatile sig_atomic_t count = 0;
};
inline TempRegistry& temp_registry() {
  static TempRegistry r;
  return r;
}

extern "C" inline void remove_temporaries_and_die(int sig) {
  TempRegistry& r = temp_registry();
  for (int i = 0; i < r.count; ++i) ::unlink(r.paths[i]);  // async-signal-safe
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

/// Installs (or removes) the handler for SIGINT, SIGTERM and SIGHUP; a signal the process was told
/// to ignore (e.g. SIGINT in a background job of a script) stays ignored.
inline void set_cleanup_handlers(bool on) {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction now;
    if (::sigaction(sig, nullptr, &now) != 0 || now.sa_handler == SIG_IGN) continue;
    ::signal(sig, on ? remove_temporaries_and_die : SIG_DFL);
  }
}

/// Blocks SIGINT, SIGTERM and SIGHUP for its lifetime (a pending one is delivered afterwards).
class SignalsHeld {
 public:
  SignalsHeld() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
    ::sigprocmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalsHeld() { ::sigprocmask(SIG_SETMASK, &old_, nullptr); }
  SignalsHeld(const SignalsHeld&) = delete;
  SignalsHeld& operator=(const SignalsHeld&) = delete;

 private:
  sigset_t old_;
};

/// What makes two paths the same file: device and inode when it exists, else directory and name.
struct FileIdentity {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  std::string name;  // for a file that does not exist yet

  bool operator==(const FileIdentity& o) const {
    return exists == o.exists && dev == o.dev && ino == o.ino && name == o.name;
  }
};

inline FileIdentity identify(const std::string& path) {
  FileIdentity id;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    id.exists = true;
  } else if (::stat(lloyd::io::directory_of(path).c_str(), &st) == 0) {
    id.name = lloyd::io::name_of(path);
  } else {
    throw lloyd::error(lloyd::io::detail::printable(path) + ": the directory " +
                       lloyd::io::detail::printable(lloyd::io::directory_of(path)) + " does not exist");
  }
  id.dev = st.st_dev;
  id.ino = st.st_ino;
  return id;
}

}  // namespace detail

/// A named path: what the user called it (e.g. "--labels") and the path.
struct NamedPath {
  const char* what;
  std::string path;
};

/// Refuses "-" as an output, and an output that is an input or another output (see the top).
inline void check_paths(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs) {
  std::vector<std::pair<const NamedPath*, detail::FileIdentity>> seen;
  for (const NamedPath& in : inputs)
    if (!in.path.empty() && in.path != "-") {
      struct stat st;
      if (::stat(in.path.c_str(), &st) == 0) seen.emplace_back(&in, detail::identify(in.path));
    }
  for (const NamedPath& out : outputs) {
    if (out.path.empty()) continue;
    const std::string name = lloyd::io::detail::printable(out.path);
    if (out.path == "-")
      throw lloyd::error(std::string(out.what) + " -: outputs are files; give a file name (or /dev/stdout)");
    const detail::FileIdentity id = detail::identify(out.path);
    for (const auto& s : seen)
      if (s.second == id)
        throw lloyd::error(std::string(out.what) + " " + name + " is the same file as " + s.first->what + " " +
                           lloyd::io::detail::printable(s.first->path) + "; nothing was written");
    seen.emplace_back(&out, id);
  }
}

/// The outputs of one run (see the top).
class OutputSet {
 public:
  OutputSet() = default;
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  ~OutputSet() {
    detail::temp_registry().count = 0;  // the AtomicFiles remove their temporaries themselves
    detail::set_cleanup_handlers(false);
  }

  /// Creates the temporary of an output now; "" gives nullptr (no such output).
  lloyd::io::AtomicFile* open(const std::string& path) {
    if (path.empty()) return nullptr;
    files_.emplace_back(new lloyd::io::AtomicFile(path));
    const std::string& tmp = files_.back()->temp_path();
    detail::TempRegistry& r = detail::temp_registry();
    if (!tmp.empty() && r.count < detail::TempRegistry::kMax && tmp.size() < sizeof r.paths[0]) {
      std::memcpy(r.paths[r.count], tmp.c_str(), tmp.size() + 1);
      r.count = r.count + 1;
      detail::set_cleanup_handlers(true);
    }
    return files_.back().get();
  }

  /// Every output complete, then every output renamed into place, or none (see the top).
  void commit() {
    for (auto& f : files_) f->close();
    detail::SignalsHeld held;
    std::vector<Backup> backups(files_.size());
    for (std::size_t i = 0; i < files_.size(); ++i) backups[i] = backup(*files_[i]);
    for (std::size_t i = 0; i < files_.size(); ++i) {
      try {
        files_[i]->commit();
      } catch (const lloyd::error& e) {
        roll_back(i, backups);
        throw lloyd::error(std::string(e.what() + 7) + "; the outputs were left as they were");  // 7: "lloyd: "
      }
    }
    detail::temp_registry().count = 0;
    for (const Backup& b : backups)
      if (!b.link.empty()) ::unlink(b.link.c_str());
  }

 private:
  /// The file an output replaces: whether there was one, and a hard link to it ("" when the file
  /// system has no links; that file then cannot be put back, and a roll-back leaves the new one).
  struct Backup {
    bool existed = false;
    std::string link;
  };

  static Backup backup(const lloyd::io::AtomicFile& f) {
    Backup b;
    struct stat st;
    if (f.temp_path().empty() || ::stat(f.target().c_str(), &st) != 0) return b;
    b.existed = true;
    std::string name = lloyd::io::directory_of(f.target()) + "/.lloyd-backup.XXXXXX";
    const int fd = ::mkstemp(&name[0]);
    if (fd < 0) return b;
    ::close(fd);
    ::unlink(name.c_str());
    if (::link(f.target().c_str(), name.c_str()) == 0) b.link = name;
    return b;
  }

  /// Outputs [0, failed) are in place: put back what they replaced, remove what was new.
  void roll_back(std::size_t failed, const std::vector<Backup>& backups) {
    for (std::size_t j = 0; j < failed; ++j) {
      if (files_[j]->temp_path().empty()) continue;  // written directly
      if (!backups[j].link.empty()) ::rename(backups[j].link.c_str(), files_[j]->target().c_str());
      else if (!backups[j].existed) ::unlink(files_[j]->target().c_str());
    }
    for (std::size_t j = failed; j < backups.size(); ++j)
      if (!backups[j].link.empty()) ::unlink(backups[j].link.c_str());
  }

  std::vector<std::unique_ptr<lloyd::io::AtomicFile>> files_;
};

}  // namespace lloyd_cli
