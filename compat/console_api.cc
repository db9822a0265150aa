// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// SetConsoleCtrlHandler over POSIX signals (docs §22, DP31). Windows runs
// console control handlers on a new thread; here SIGINT wakes one thread
// (through a pipe: a signal handler may only write) that runs them, newest
// first, until one returns TRUE. If none does, the program ends as Windows
// ends it, with STATUS_CONTROL_C_EXIT.

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "compat/compat_state.h"
#include "windows.h"

namespace {

struct Handlers {
  std::mutex mu;
  std::vector<PHANDLER_ROUTINE> routines;  // newest last
  bool ignore_ctrl_c = false;
  bool started = false;
  int pipe_fds[2] = {-1, -1};
};

Handlers& TheHandlers() {
  static Handlers* handlers = new Handlers();  // the thread outlives main()
  return *handlers;
}

void OnSigint(int) {
  const int saved = errno;
  const char byte = CTRL_C_EVENT;
  (void)!::write(TheHandlers().pipe_fds[1], &byte, 1);
  errno = saved;
}

void Dispatch() {
  Handlers& h = TheHandlers();
  for (;;) {
    char event;
    const ssize_t n = ::read(h.pipe_fds[0], &event, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n != 1) return;
    std::vector<PHANDLER_ROUTINE> routines;
    {
      std::lock_guard<std::mutex> lock(h.mu);
      if (h.ignore_ctrl_c) continue;
      routines = h.routines;
    }
    bool handled = false;
    for (auto it = routines.rbegin(); it != routines.rend() && !handled; ++it) {
      handled = (*it)(static_cast<DWORD>(event)) != FALSE;
    }
    if (!handled) std::_Exit(static_cast<int>(STATUS_CONTROL_C_EXIT));
  }
}

// The pipe, the thread and the SIGINT handler, once.
bool Start(Handlers& h) {
  if (h.started) return true;
  if (::pipe(h.pipe_fds) != 0) return false;
  struct sigaction action = {};
  action.sa_handler = OnSigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  if (::sigaction(SIGINT, &action, nullptr) != 0) return false;
  std::thread(Dispatch).detach();
  h.started = true;
  return true;
}

}  // namespace

extern "C" BOOL SetConsoleCtrlHandler(PHANDLER_ROUTINE HandlerRoutine,
                                      BOOL Add) {
  Handlers& h = TheHandlers();
  std::lock_guard<std::mutex> lock(h.mu);
  if (!Start(h)) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return FALSE;
  }
  if (HandlerRoutine == nullptr) {
    h.ignore_ctrl_c = Add != FALSE;
    return TRUE;
  }
  if (Add != FALSE) {
    h.routines.push_back(HandlerRoutine);
    return TRUE;
  }
  // Removing one that was never added: ERROR_INVALID_PARAMETER.
  for (auto it = h.routines.rbegin(); it != h.routines.rend(); ++it) {
    if (*it == HandlerRoutine) {
      h.routines.erase(std::next(it).base());
      return TRUE;
    }
  }
  SetLastError(ERROR_INVALID_PARAMETER);
  return FALSE;
}
