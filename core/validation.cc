// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "core/validation.h"

#include "absl/strings/str_cat.h"
#include "portres/status.h"
#include "portres/windows_codes.h"

namespace portres::internal {

absl::Status ValidateRuntimeRange(PortRange range, uint32_t max_port) {
  if (range.count == 0) {
    return WindowsError(kWsaEInval,
                        "SIO_ACQUIRE_PORT_RESERVATION: NumberOfPorts is 0");
  }
  if (range.start != 0 && range.last() > max_port) {
    return WindowsError(
        kWsaEInval,
        absl::StrCat("SIO_ACQUIRE_PORT_RESERVATION: block ", range.start, "+",
                     range.count, " runs past port ", max_port));
  }
  return absl::OkStatus();
}

absl::Status ValidatePersistentRange(PortRange range, uint32_t max_port) {
  if (range.start == 0) {
    return WindowsError(kErrorInvalidParameter,
                        "persistent reservation: StartPort is 0");
  }
  if (range.count == 0) {
    return WindowsError(kErrorInvalidParameter,
                        "persistent reservation: NumberOfPorts is 0");
  }
  if (range.last() > max_port) {
    return WindowsError(
        kErrorInvalidParameter,
        absl::StrCat("persistent reservation: block ", range.start, "+",
                     range.count, " runs past port ", max_port));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Protocol>> ResolveSocketProtocol(SocketType type,
                                                              int protocol) {
  if (type == SocketType::kRaw) return std::optional<Protocol>();
  const bool stream = type == SocketType::kStream;
  const int native = stream ? kIpProtoTcp : kIpProtoUdp;
  const int other = stream ? kIpProtoUdp : kIpProtoTcp;
  if (protocol == kIpProtoDefault || protocol == native) {
    return std::optional<Protocol>(stream ? Protocol::kTcp : Protocol::kUdp);
  }
  if (protocol == other) {
    return WindowsError(kWsaEProtoType,
                        absl::StrCat("socket: protocol ", protocol,
                                     " does not fit the socket type"));
  }
  return WindowsError(
      kWsaEProtoNoSupport,
      absl::StrCat("socket: protocol ", protocol, " is not supported"));
}

absl::Status ValidateTokenArgument(Token token, absl::string_view operation) {
  if (!token.valid()) {
    return WindowsError(
        kWsaEInval,
        absl::StrCat(operation, ": INVALID_PORT_RESERVATION_TOKEN (0)"));
  }
  return absl::OkStatus();
}

absl::string_view PersistentFunctionName(PersistentFunction function,
                                         Protocol protocol) {
  static constexpr absl::string_view kNames[3][2] = {
      {"CreatePersistentTcpPortReservation",
       "CreatePersistentUdpPortReservation"},
      {"DeletePersistentTcpPortReservation",
       "DeletePersistentUdpPortReservation"},
      {"LookupPersistentTcpPortReservation",
       "LookupPersistentUdpPortReservation"},
  };
  return kNames[static_cast<int>(function)][protocol == Protocol::kTcp ? 0 : 1];
}

}  // namespace portres::internal
