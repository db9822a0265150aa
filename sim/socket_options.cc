// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/socket_options.h"

#include "absl/strings/str_cat.h"
#include "portres/status.h"
#include "portres/windows_codes.h"

namespace portres::sim {
namespace {

absl::Status Refuse(uint32_t code, SocketOption option, absl::string_view why) {
  return WindowsError(code, absl::StrCat("setsockopt ", ToString(option), ": ",
                                         why));
}

// SO5: SO_REUSEADDR and SO_EXCLUSIVEADDRUSE exclude each other; U24: after
// bind they change nothing. SO8: SIO_CPU_AFFINITY refuses SO_REUSEADDR.
absl::Status SetAddressUse(const Policy& policy, SocketRecord& socket,
                           SocketOption option, bool enable) {
  const bool reuse = option == SocketOption::kReuseAddress;
  const bool other = reuse ? socket.options.exclusive
                           : socket.options.reuse_address;
  if (enable && other) {
    return Refuse(kWsaEInval, option,
                  "SO_REUSEADDR and SO_EXCLUSIVEADDRUSE exclude each other");
  }
  if (enable && reuse && socket.options.cpu_affinity) {
    return Refuse(kWsaEInval, option, "the socket set SIO_CPU_AFFINITY");
  }
  if (socket.bound && policy.reuse_option_after_bind_error != 0) {
    return Refuse(policy.reuse_option_after_bind_error, option,
                  "the socket is bound");
  }
  if (reuse) {
    socket.options.reuse_address = enable;
  } else {
    socket.options.exclusive = enable;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status SetOption(HostState& state, Pid pid, SocketId handle,
                       SocketOption option, uint32_t value) {
  absl::StatusOr<uint32_t> slot = state.OwnSocket(pid, handle, "setsockopt");
  if (!slot.ok()) return slot.status();
  SocketRecord& socket = state.sockets[*slot];
  switch (option) {
    case SocketOption::kReuseAddress:
    case SocketOption::kExclusiveAddressUse:
      return SetAddressUse(state.policy, socket, option, value != 0);
    case SocketOption::kIpv6Only:  // U25
      if (socket.family != AddressFamily::kInet6) {
        const uint32_t error = state.policy.ipv6_only_set_on_ipv4_error;
        if (error == 0) return absl::OkStatus();  // accepted, ignored
        return Refuse(error, option, "not an AF_INET6 socket");
      }
      if (socket.bound) {
        return Refuse(state.policy.ipv6_only_misuse_error, option,
                      "the socket is bound");
      }
      socket.options.ipv6_only = value != 0;
      return absl::OkStatus();
    case SocketOption::kCpuAffinity:  // SO8
      if (socket.protocol != Protocol::kUdp) {
        return Refuse(kWsaEOpNotSupp, option, "only UDP sockets take it");
      }
      if (socket.bound || socket.options.reuse_address) {
        return Refuse(kWsaEInval, option,
                      socket.bound ? "the socket is bound"
                                   : "the socket set SO_REUSEADDR");
      }
      socket.options.cpu_affinity = true;
      return absl::OkStatus();
  }
  return Refuse(kWsaEInval, option, "unknown option");
}

absl::StatusOr<uint32_t> GetOption(HostState& state, Pid pid, SocketId handle,
                                   SocketOption option) {
  absl::StatusOr<uint32_t> slot = state.OwnSocket(pid, handle, "getsockopt");
  if (!slot.ok()) return slot.status();
  const SocketRecord& socket = state.sockets[*slot];
  switch (option) {
    case SocketOption::kReuseAddress:
      return uint32_t{socket.options.reuse_address};
    case SocketOption::kExclusiveAddressUse:
      return uint32_t{socket.options.exclusive};
    case SocketOption::kIpv6Only:
      if (socket.family != AddressFamily::kInet6) {  // U25
        return WindowsError(state.policy.ipv6_only_misuse_error,
                            "getsockopt IPV6_V6ONLY: not an AF_INET6 socket");
      }
      return uint32_t{socket.options.ipv6_only};
    case SocketOption::kCpuAffinity:
      break;
  }
  return WindowsError(kWsaENoProtoOpt,
                      absl::StrCat("getsockopt ", ToString(option),
                                   ": Windows has no way to read it"));
}

}  // namespace portres::sim
