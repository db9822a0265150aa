// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: operations.h
//
// The vocabulary of operations on a (simulated) Windows host, shared by
// everything that drives one generically: the nine calls of
// PortReservations and the five machine controls of portres::sim::Host. For
// each, its name and every Windows code it can fail with, under any policy
// switch. The model suite, the host properties and the fuzzers check their
// results against this one table, so a call that fails with a code Windows
// does not give for it is caught wherever it shows up.
//
// Example:
//   absl::Status s = ports->Bind(socket, 5000);
//   if (!s.ok()) assert(portres::IsFailureCode(portres::Operation::kBind,
//                                              *portres::WindowsErrorCode(s)));
//
// Thread safety: constant tables.

#ifndef PORTRES_OPERATIONS_H_
#define PORTRES_OPERATIONS_H_

#include <array>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "portres/export.h"

namespace portres {

// An operation of the shared vocabulary.
enum class Operation : uint8_t {
  // PortReservations (port_reservations.h).
  kOpenSocket,
  kCloseSocket,
  kBind,
  kSetOption,
  kGetOption,
  kAcquire,
  kRelease,
  kAssociate,
  kCreatePersistent,
  kDeletePersistent,
  kLookupPersistent,
  // portres::sim::Host's machine controls (sim/host.h).
  kSpawnProcess,
  kExitProcess,
  kReboot,
  kAddSystemReservation,
  kSetDynamicPortRange,
};

// Every Operation, in declaration order.
inline constexpr std::array<Operation, 16> kAllOperations = {
    Operation::kOpenSocket,
    Operation::kCloseSocket,
    Operation::kBind,
    Operation::kSetOption,
    Operation::kGetOption,
    Operation::kAcquire,
    Operation::kRelease,
    Operation::kAssociate,
    Operation::kCreatePersistent,
    Operation::kDeletePersistent,
    Operation::kLookupPersistent,
    Operation::kSpawnProcess,
    Operation::kExitProcess,
    Operation::kReboot,
    Operation::kAddSystemReservation,
    Operation::kSetDynamicPortRange,
};

// The method's name: "OpenSocket", "Acquire", "SetDynamicPortRange", ...
PORTRES_CORE_API absl::string_view OperationName(Operation operation);

// Every Windows code `operation` can fail with, ascending: the codes its
// documentation lists plus the alternatives of the policy switches that
// touch it. Empty for controls that cannot fail with a Windows code
// (SpawnProcess, Reboot; ExitProcess of a dead pid is NOT_FOUND without one).
PORTRES_CORE_API absl::Span<const uint32_t> FailureCodes(Operation operation);

// Whether `code` is one of FailureCodes(operation).
PORTRES_CORE_API bool IsFailureCode(Operation operation, uint32_t code);

// Every Windows code a test may make `operation` fail with (fault_plan.h),
// ascending: the codes Windows documents for the call, including those of
// the environment that no simulated rule produces (WSAENETDOWN, WSAEINTR,
// WSAEINPROGRESS, ...). Empty for the machine controls.
PORTRES_CORE_API absl::Span<const uint32_t> InjectableCodes(
    Operation operation);

// Whether `code` is one of InjectableCodes(operation).
PORTRES_CORE_API bool IsInjectableCode(Operation operation, uint32_t code);

}  // namespace portres

#endif  // PORTRES_OPERATIONS_H_
