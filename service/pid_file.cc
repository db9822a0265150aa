// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "service/pid_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace portres::sim::service {
namespace {

// The file's size from the start: the pid line and room for the reason.
constexpr size_t kReserved = 4096;
constexpr absl::string_view kStopped = "stopped: ";

}  // namespace

absl::StatusOr<std::unique_ptr<PidFile>> PidFile::Acquire(
    const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error != EWOULDBLOCK) {
      return absl::UnavailableError(
          absl::StrCat("cannot lock ", path, ": ", std::strerror(error)));
    }
    return absl::FailedPreconditionError(
        absl::StrCat("another service (pid ", Read(path).pid,
                     ") serves this machine: it holds ", path));
  }
  const std::string pid_line = absl::StrCat(::getpid(), "\n");
  // Zeros after the pid line: the reserved space, allocated now (not a
  // sparse hole) so that writing the reason later needs no new block.
  const std::string image = pid_line + std::string(kReserved - pid_line.size(), '\0');
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, image.data(), image.size(), 0) !=
          static_cast<ssize_t>(image.size()) ||
      ::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    return absl::UnavailableError(
        absl::StrCat("cannot write ", path, ": ", std::strerror(error)));
  }
  return std::unique_ptr<PidFile>(new PidFile(fd, pid_line.size()));
}

PidFile::Contents PidFile::Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::string text = bytes.str();
  text = text.substr(0, text.find('\0'));
  Contents c;
  const size_t line_end = text.find('\n');
  if (!absl::SimpleAtoi(absl::string_view(text).substr(0, line_end), &c.pid)) {
    c.pid = 0;
  }
  if (line_end != std::string::npos) {
    absl::string_view rest = absl::string_view(text).substr(line_end + 1);
    if (absl::ConsumePrefix(&rest, kStopped)) {
      c.stopped = std::string(absl::StripSuffix(rest, "\n"));
    }
  }
  return c;
}

bool PidFile::Held(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);
  return held;
}

PidFile::~PidFile() { ::close(fd_); }

void PidFile::RecordFatal(absl::string_view reason) {
  std::string line = absl::StrCat(kStopped, reason);
  // Keep it one line, within the reserved space and its final zero.
  for (char& c : line) {
    if (c == '\n' || c == '\0') c = ' ';
  }
  line.resize(std::min(line.size(), kReserved - pid_line_ - 2));
  line.push_back('\n');
  (void)!::pwrite(fd_, line.data(), line.size(),
                  static_cast<off_t>(pid_line_));
  (void)::fsync(fd_);
}

}  // namespace portres::sim::service
