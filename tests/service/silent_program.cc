// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "tests/service/silent_program.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "absl/strings/str_cat.h"

namespace portres::service_test {

SilentProgram::SilentProgram(const std::string& traffic_directory, int pid,
                             int port)
    : socket_path_(absl::StrCat(traffic_directory, "/", pid, ".stream")),
      entry_path_(absl::StrCat(traffic_directory, "/tcp.4.", port, ".7f000001.",
                               pid, ".0")) {
  (void)::mkdir(traffic_directory.c_str(), 0700);
  sockaddr_un address = {};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, socket_path_.c_str(),
               sizeof(address.sun_path) - 1);
  fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0 ||
      ::bind(fd_, reinterpret_cast<const sockaddr*>(&address),
             sizeof(address)) != 0 ||
      ::listen(fd_, 16) != 0) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    return;
  }
  const int entry = ::open(entry_path_.c_str(), O_CREAT | O_WRONLY, 0600);
  if (entry >= 0) ::close(entry);
}

SilentProgram::~SilentProgram() {
  if (fd_ >= 0) ::close(fd_);
  ::unlink(socket_path_.c_str());
  ::unlink(entry_path_.c_str());
}

}  // namespace portres::service_test
