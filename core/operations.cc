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

struct Entry {
  Operation operation;
  absl::string_view name;
  absl::Span<const uint32_t> codes;
};

constexpr Entry kTable[] = {
    {Operation::kOpenSocket, "OpenSocket", kOpenSocket},
    {Operation::kCloseSocket, "CloseSocket", kCloseSocket},
    {Operation::kBind, "Bind", kBind},
    {Operation::kSetOption, "SetOption", kSetOption},
    {Operation::kGetOption, "GetOption", kGetOption},
    {Operation::kAcquire, "Acquire", kAcquire},
    {Operation::kRelease, "Release", kRelease},
    {Operation::kAssociate, "Associate", kAssociate},
    {Operation::kCreatePersistent, "CreatePersistent", kCreatePersistent},
    {Operation::kDeletePersistent, "DeletePersistent", kDeletePersistent},
    {Operation::kLookupPersistent, "LookupPersistent", kLookupPersistent},
    {Operation::kSpawnProcess, "SpawnProcess", {}},
    {Operation::kExitProcess, "ExitProcess", {}},
    {Operation::kReboot, "Reboot", {}},
    {Operation::kAddSystemReservation, "AddSystemReservation",
     kAddSystemReservation},
    {Operation::kSetDynamicPortRange, "SetDynamicPortRange",
     kSetDynamicPortRange},
};

constexpr bool TableIsInOrderAndSorted() {
  for (size_t i = 0; i < std::size(kTable); ++i) {
    if (static_cast<size_t>(kTable[i].operation) != i) return false;
    for (size_t j = 1; j < kTable[i].codes.size(); ++j) {
      if (kTable[i].codes[j - 1] >= kTable[i].codes[j]) return false;
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

}  // namespace portres
