// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Helpers for tests whose clients and service are real processes: the
// `portres` command (PORTRES_CLI, set by CMake) runs the service as a
// daemon; the test forks its clients before it creates any thread.

#ifndef PORTRES_TESTS_SERVICE_REAL_PROCESS_SUPPORT_H_
#define PORTRES_TESTS_SERVICE_REAL_PROCESS_SUPPORT_H_

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"

namespace portres::service_test {

// Runs `portres <arguments>` and returns its exit status.
inline int Cli(const std::string& arguments) {
  const std::string command =
      absl::StrCat(PORTRES_CLI, " ", arguments, " >/dev/null 2>&1");
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The pid of the service of the machine in directory `dir`.
inline pid_t ServicePid(const std::string& dir) {
  std::ifstream in(dir + "/host.pid");
  pid_t pid = 0;
  in >> pid;
  return pid;
}

// Waits for a child; true if it exited with status 0.
inline bool ExitedCleanly(pid_t child) {
  int status = 0;
  return ::waitpid(child, &status, 0) == child && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0;
}

}  // namespace portres::service_test

#endif  // PORTRES_TESTS_SERVICE_REAL_PROCESS_SUPPORT_H_
