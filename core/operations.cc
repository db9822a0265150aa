// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "portres/operations.h"

#include <algorithm>

#include "portres/windows_codes.h"

namespace portres {
namespace {

// Spec rows behind each list: the methods' comments in port_reservations.h
// and sim/host.h, the U switches of sim/policy.h. ERROR_INVALID_HANDLE (6)
// is a call made through the view of a process that has exited.
constexpr uint32_t kOpenSocket[] = {kErrorInvalidHandle, kWsaEProtoType,
                                    kWsaEProtoNoSupport};
constexpr uint32_t kCloseSocket[] = {kErrorInvalidHandle, kWsaENotSock};
constexpr uint32_t kBind[] = {
    kErrorInvalidHandle, kWsaEAcces,     kWsaEFault,        kWsaEInval,
    kWsaENotSock,        kWsaEAddrInUse, kWsaEAddrNotAvail, kWsaENoBufs};
constexpr uint32_t kSetOption[] = {kErrorInvalidHandle, kWsaEInval,
                                   kWsaENotSock, kWsaEOpNotSupp};
constexpr uint32_t kGetOption[] = {kErrorInvalidHandle, kWsaEInval,
                                   kWsaENotSock, kWsaENoProtoOpt};
constexpr uint32_t kAcquire[] = {kErrorInvalidHandle, kWsaEInval,
                                 kWsaENotSock,        kWsaEOpNotSupp,
                                 kWsaEAddrInUse,      kWsaENoBufs};
constexpr uint32_t kRelease[] = {kErrorInvalidHandle, kWsaEAcces, kWsaEInval,
                                 kWsaENotSock, kWsaEOpNotSupp};
constexpr uint32_t kAssociate[] = {kErrorInvalidHandle, kWsaEAcces, kWsaEInval,
                                   kWsaENotSock, kWsaEOpNotSupp};
constexpr uint32_t kCreatePersistent[] = {
    kErrorAccessDenied, kErrorInvalidHandle, kErrorSharingViolation,
    kErrorNotSupported, kErrorInvalidParameter};
constexpr uint32_t kDeletePersistent[] = {
    kErrorAccessDenied, kErrorInvalidHandle, kErrorNotSupported,
    kErrorInvalidParameter, kErrorNotFound};
constexpr uint32_t kLookupPersistent[] = {
    kErrorInvalidHandle, kErrorNotSupported, kErrorInvalidParameter,
    kErrorNotFound};
constexpr uint32_t kAddSystemReservation[] = {kWsaEInval, kWsaEAddrInUse,
                                              kWsaENoBufs};
constexpr uint32_t kSetDynamicPortRange[] = {kErrorInvalidParameter};

// What a test may inject (docs §20, FI2): the codes Windows documents for
// the call — each list above without the simulator's own
// ERROR_INVALID_HANDLE (an exited process's view), plus the codes of the
// environment no simulated rule produces: the network subsystem down
// (WSAENETDOWN), a blocking call in progress (WSAEINPROGRESS), a call
// interrupted or cancelled (WSAEINTR; the ioctls' and closesocket's pages),
// and the socket() and get/setsockopt pages' other codes.
constexpr uint32_t kInjectOpenSocket[] = {
    kWsaEInProgress, kWsaEProtoType,   kWsaEProtoNoSupport,
    kWsaEAfNoSupport, kWsaENetDown,    kWsaENoBufs};
constexpr uint32_t kInjectCloseSocket[] = {kWsaEIntr, kWsaEInProgress,
                                           kWsaENotSock, kWsaENetDown};
constexpr uint32_t kInjectBind[] = {
    kWsaEAcces,     kWsaEFault,        kWsaEInval,   kWsaEInProgress,
    kWsaENotSock,   kWsaEAddrInUse,    kWsaEAddrNotAvail,
    kWsaENetDown,   kWsaENoBufs};
constexpr uint32_t kInjectSetOption[] = {
    kWsaEFault,   kWsaEInval,      kWsaEInProgress, kWsaENotSock,
    kWsaENoProtoOpt, kWsaEOpNotSupp, kWsaENetDown};
constexpr uint32_t kInjectGetOption[] = {kWsaEFault,   kWsaEInval,
                                         kWsaEInProgress, kWsaENotSock,
                                         kWsaENoProtoOpt, kWsaENetDown};
constexpr uint32_t kInjectAcquire[] = {
    kWsaEIntr,      kWsaEFault,     kWsaEInval,     kWsaEInProgress,
    kWsaENotSock,   kWsaEOpNotSupp, kWsaEAddrInUse, kWsaENetDown,
    kWsaENoBufs};
constexpr uint32_t kInjectTokenIoctl[] = {
    kWsaEIntr,    kWsaEAcces,     kWsaEFault,  kWsaEInval, kWsaEInProgress,
    kWsaENotSock, kWsaEOpNotSupp, kWsaENetDown};
constexpr uint32_t kInjectCreatePersistent[] = {
    kErrorAccessDenied, kErrorSharingViolation, kErrorNotSupported,
    kErrorInvalidParameter};
constexpr uint32_t kInjectDeletePersistent[] = {
    kErrorAccessDenied, kErrorNotSupported, kErrorInvalidParameter,
    kErrorNotFound};
constexpr uint32_t kInjectLookupPersistent[] = {
    kErrorNotSupported, kErrorInvalidParameter, kErrorNotFound};

struct Entry {
  Operation operation;
  absl::string_view name;
  absl::Span<const uint32_t> codes;
  absl::Span<const uint32_t> injectable;
};

constexpr Entry kTable[] = {
    {Operation::kOpenSocket, "OpenSocket", kOpenSocket, kInjectOpenSocket},
    {Operation::kCloseSocket, "CloseSocket", kCloseSocket,
     kInjectCloseSocket},
    {Operation::kBind, "Bind", kBind, kInjectBind},
    {Operation::kSetOption, "SetOption", kSetOption, kInjectSetOption},
    {Operation::kGetOption, "GetOption", kGetOption, kInjectGetOption},
    {Operation::kAcquire, "Acquire", kAcquire, kInjectAcquire},
    {Operation::kRelease, "Release", kRelease, kInjectTokenIoctl},
    {Operation::kAssociate, "Associate", kAssociate, kInjectTokenIoctl},
    {Operation::kCreatePersistent, "CreatePersistent", kCreatePersistent,
     kInjectCreatePersistent},
    {Operation::kDeletePersistent, "DeletePersistent", kDeletePersistent,
     kInjectDeletePersistent},
    {Operation::kLookupPersistent, "LookupPersistent", kLookupPersistent,
     kInjectLookupPersistent},
    {Operation::kSpawnProcess, "SpawnProcess", {}, {}},
    {Operation::kExitProcess, "ExitProcess", {}, {}},
    {Operation::kReboot, "Reboot", {}, {}},
    {Operation::kAddSystemReservation, "AddSystemReservation",
     kAddSystemReservation, {}},
    {Operation::kSetDynamicPortRange, "SetDynamicPortRange",
     kSetDynamicPortRange, {}},
};

constexpr bool Ascending(absl::Span<const uint32_t> codes) {
  for (size_t j = 1; j < codes.size(); ++j) {
    if (codes[j - 1] >= codes[j]) return false;
  }
  return true;
}

constexpr bool TableIsInOrderAndSorted() {
  for (size_t i = 0; i < std::size(kTable); ++i) {
    if (static_cast<size_t>(kTable[i].operation) != i) return false;
    if (!Ascending(kTable[i].codes) || !Ascending(kTable[i].injectable)) {
      return false;
    }
  }
  return std::size(kTable) == kAllOperations.size();
}
static_assert(TableIsInOrderAndSorted(),
              "one row per Operation, in enum order, codes ascending");

}  // namespace

absl::string_view OperationName(Operation operation) {
  return kTable[static_cast<size_t>(operation)].name;
}

absl::Span<const uint32_t> FailureCodes(Operation operation) {
  return kTable[static_cast<size_t>(operation)].codes;
}

bool IsFailureCode(Operation operation, uint32_t code) {
  const absl::Span<const uint32_t> codes = FailureCodes(operation);
  return std::binary_search(codes.begin(), codes.end(), code);
}

absl::Span<const uint32_t> InjectableCodes(Operation operation) {
  return kTable[static_cast<size_t>(operation)].injectable;
}

bool IsInjectableCode(Operation operation, uint32_t code) {
  const absl::Span<const uint32_t> codes = InjectableCodes(operation);
  return std::binary_search(codes.begin(), codes.end(), code);
}

}  // namespace portres
