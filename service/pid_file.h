// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The service's pid file, as PostgreSQL keeps postmaster.pid: locked
// (flock) by the service for its whole life, so exactly one service serves
// a machine whatever happened to its socket file, and holding that
// service's pid. If the service must stop on a fatal error it writes the
// reason there too, into space reserved when it started, so that even a
// full disk cannot lose it; the next start and `host status` show it.
//
// Thread safety: a PidFile is used by one thread; the static functions are
// pure readers.

#ifndef PORTRES_SERVICE_PID_FILE_H_
#define PORTRES_SERVICE_PID_FILE_H_

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "portres/export.h"

namespace portres::sim::service {

class PORTRES_HOST_SERVICE_API PidFile {
 public:
  // What a pid file says.
  struct Contents {
    pid_t pid = 0;        // the service that wrote it (0: none)
    std::string stopped;  // why it stopped, if a fatal error stopped it
  };

  // Locks `path` (created 0644 if missing) without waiting, and writes this
  // process's pid into it. FAILED_PRECONDITION naming the holder's pid when
  // a live service holds it; UNAVAILABLE when it cannot be created or its
  // space reserved.
  static absl::StatusOr<std::unique_ptr<PidFile>> Acquire(
      const std::string& path);
  // What the file at `path` says now (empty Contents if none).
  static Contents Read(const std::string& path);
  // Whether a live process holds the lock of `path`.
  static bool Held(const std::string& path);

  ~PidFile();  // the kernel drops the lock with the descriptor
  PidFile(const PidFile&) = delete;
  PidFile& operator=(const PidFile&) = delete;

  // Records why the service stops, in the space reserved at Acquire: no
  // allocation, one pwrite and an fsync, so a full disk cannot stop it.
  void RecordFatal(absl::string_view reason);

 private:
  explicit PidFile(int fd, size_t pid_line) : fd_(fd), pid_line_(pid_line) {}
  const int fd_;
  const size_t pid_line_;  // bytes of "<pid>\n": the reason goes after them
};

}  // namespace portres::sim::service

#endif  // PORTRES_SERVICE_PID_FILE_H_
