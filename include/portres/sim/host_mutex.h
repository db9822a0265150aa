// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: host_mutex.h
//
// The lock that serialises a simulated host: a std::mutex with Abseil's
// thread-safety annotations. Not absl::Mutex, for three measured reasons:
// Debian's Abseil runs its deadlock detector on every lock (about 15% of a
// simulated call), the detector can only be switched off process-wide (not
// ours to decide for a user's program), and absl::Mutex is invisible to
// ThreadSanitizer when Abseil itself is not instrumented. std::mutex is the
// same type in every build, so the layout of Host does not depend on the
// user's sanitizer flags; TSan's lock-order checker covers deadlocks in our
// sanitizer stage.
//
// Example:
//   portres::sim::HostMutex mu;
//   { portres::sim::HostMutexLock lock(&mu); /* guarded work */ }
//
// Thread safety: a mutex.

#ifndef PORTRES_SIM_HOST_MUTEX_H_
#define PORTRES_SIM_HOST_MUTEX_H_

#include <mutex>

#include "absl/base/thread_annotations.h"

namespace portres::sim {

// The host's lock: a std::mutex the thread-safety analysis understands.
class ABSL_LOCKABLE HostMutex {
 public:
  // Blocks until the lock is held.
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { mu_.lock(); }
  // Releases it.
  void Unlock() ABSL_UNLOCK_FUNCTION() { mu_.unlock(); }

 private:
  std::mutex mu_;
};

// Holds a HostMutex for its scope.
class ABSL_SCOPED_LOCKABLE HostMutexLock {
 public:
  // Locks `mu` until destruction.
  explicit HostMutexLock(HostMutex* mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu)
      : mu_(mu) {
    mu_->Lock();
  }
  ~HostMutexLock() ABSL_UNLOCK_FUNCTION() { mu_->Unlock(); }
  HostMutexLock(const HostMutexLock&) = delete;
  HostMutexLock& operator=(const HostMutexLock&) = delete;

 private:
  HostMutex* const mu_;
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_HOST_MUTEX_H_
