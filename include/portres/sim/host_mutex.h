// File: host_mutex.h
//
// The lock that serialises a simulated host: absl::Mutex, except under
// ThreadSanitizer, where it is std::mutex. Debian's Abseil is not built with
// TSan, so TSan cannot see absl::Mutex's lock and unlock and would report
// every access it guards as a race; std::mutex's pthread calls it does see.
// Both carry the same thread-safety annotations.
//
// Example:
//   portres::sim::HostMutex mu;
//   { portres::sim::HostMutexLock lock(&mu); /* guarded work */ }
//
// Thread safety: a mutex.

#ifndef PORTRES_SIM_HOST_MUTEX_H_
#define PORTRES_SIM_HOST_MUTEX_H_

#include "absl/base/thread_annotations.h"

#if defined(__SANITIZE_THREAD__)
#define PORTRES_HOST_MUTEX_IS_STD 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define PORTRES_HOST_MUTEX_IS_STD 1
#endif
#endif

#ifdef PORTRES_HOST_MUTEX_IS_STD
#include <mutex>
#else
#include "absl/synchronization/mutex.h"
#endif

namespace portres::sim {

class ABSL_LOCKABLE HostMutex {
 public:
#ifdef PORTRES_HOST_MUTEX_IS_STD
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { mu_.lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION() { mu_.unlock(); }

 private:
  std::mutex mu_;
#else
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { mu_.Lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION() { mu_.Unlock(); }

 private:
  absl::Mutex mu_;
#endif
};

class ABSL_SCOPED_LOCKABLE HostMutexLock {
 public:
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
