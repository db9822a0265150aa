// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: fault_plan.h
//
// Scheduled failures for the calls of a (simulated or real) Windows host:
// the paths real Windows takes only on bad days — the network stack down
// (WSAENETDOWN), an interrupted call (WSAEINTR), the dynamic range
// exhausted (WSAENOBUFS) — on demand, as LevelDB's fault-injecting test Env
// does for storage. A FaultPlan holds the rules and records every failure it
// injected; the decorator FaultInjectingPortReservations
// (portres/testing/fault_injection.h) consults it in front of any backend,
// and the compat layer's process-wide host through portres_sim.h.
//
// Only codes Windows documents for the call may be injected
// (InjectableCodes in operations.h, the table the model suite and the
// fuzzers check results against); a failed call changes nothing, so an
// injected failure never runs the call at all (docs §20, FI1-FI4).
//
// Example:
//   portres::FaultPlan plan;
//   plan.FailNext(portres::Operation::kAcquire, portres::kWsaENoBufs);
//   plan.FailWhen(portres::Operation::kBind, portres::kWsaEAcces,
//                 portres::TouchesPorts(5000, 5099));
//
// Thread safety: every method may be called from any thread.

#ifndef PORTRES_FAULT_PLAN_H_
#define PORTRES_FAULT_PLAN_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <vector>

#include "absl/status/status.h"
#include "portres/export.h"
#include "portres/operations.h"
#include "portres/types.h"

namespace portres {

// What a rule sees of a call before it runs.
struct FaultCall {
  Operation operation = Operation::kOpenSocket;  // the call
  uint32_t process = 0;             // the calling process's id, 0 if unknown
  std::optional<SocketId> socket;   // the socket argument
  std::optional<Protocol> protocol; // the socket's pool, or the call's
  // Bind: {port, 1} (port 0: {0, 0}); Acquire and the persistent calls:
  // the requested block.
  std::optional<PortRange> ports;
};

// A predicate over calls.
using FaultPredicate = std::function<bool(const FaultCall&)>;

// Calls whose ports overlap [first, last] (bind(0) touches none).
PORTRES_CORE_API FaultPredicate TouchesPorts(uint16_t first, uint16_t last);

// One injected failure.
struct InjectedFault {
  uint64_t call_number = 0;  // 1 for the first call the plan saw
  FaultCall call;     // what the call was
  uint32_t code = 0;  // the Windows code it failed with
};

// The rules and the record (see the file comment).
class PORTRES_CORE_API FaultPlan {
 public:
  FaultPlan() = default;
  FaultPlan(const FaultPlan&) = delete;
  FaultPlan& operator=(const FaultPlan&) = delete;

  // The next `times` calls of `operation` fail with `code`.
  // INVALID_ARGUMENT, adding no rule, if `code` is not one of
  // InjectableCodes(operation) or `times` is 0.
  absl::Status FailNext(Operation operation, uint32_t code,
                        uint32_t times = 1);

  // Every later call of `operation` for which `predicate` holds fails with
  // `code`. INVALID_ARGUMENT as FailNext, or for an empty predicate.
  absl::Status FailWhen(Operation operation, uint32_t code,
                        FaultPredicate predicate);

  // Each later call of `operation` fails with `code` with probability
  // `probability`, drawn from a generator seeded with `seed` (the same
  // calls fail on every run). INVALID_ARGUMENT as FailNext, or for a
  // probability outside [0, 1].
  absl::Status FailRandomly(Operation operation, uint32_t code,
                            double probability, uint64_t seed);

  // Removes every rule; the record stays.
  void Clear();

  // Called by the backends before each call: the code the call must fail
  // with (recorded), or nullopt to run it. Rules are tried in the order they
  // were added; the first that matches decides.
  std::optional<uint32_t> Decide(const FaultCall& call);

  // Whether any rule is in force (a cheap check for the fast path).
  bool armed() const { return armed_.load(std::memory_order_acquire); }

  // Every failure injected so far, in order.
  std::vector<InjectedFault> Injected() const;

 private:
  struct Rule {
    Operation operation;
    uint32_t code;
    uint32_t remaining;  // FailNext's count; 0 for the other kinds
    FaultPredicate predicate;
    double probability = 0;  // FailRandomly
    std::mt19937_64 random;
  };
  absl::Status Add(Rule rule);

  mutable std::mutex mu_;
  std::vector<Rule> rules_;  // guarded by mu_
  std::vector<InjectedFault> injected_;
  uint64_t calls_ = 0;
  std::atomic<bool> armed_{false};
};

}  // namespace portres

#endif  // PORTRES_FAULT_PLAN_H_
