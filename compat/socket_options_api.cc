// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// setsockopt/getsockopt over the simulated host: the options that decide
// binding (SO_REUSEADDR, SO_EXCLUSIVEADDRUSE, IPV6_V6ONLY) and SO_TYPE,
// with Winsock's argument checks (spec §16.5).

#include <cstring>
#include <optional>

#include "absl/status/statusor.h"
#include "compat/compat_state.h"
#include "mswsock.h"
#include "winsock2.h"
#include "ws2ipdef.h"

namespace {

using portres::SocketOption;
using portres::compat::internal::CodeOf;
using portres::compat::internal::Fail;
using portres::compat::internal::WinsockCall;

// What (level, optname) names: an option the simulation models, SO_TYPE,
// or the Winsock code for anything else.
struct OptionName {
  std::optional<SocketOption> option;
  bool socket_type = false;  // SO_TYPE
  int error = 0;
};

OptionName Resolve(int level, int name) {
  switch (level) {
    case SOL_SOCKET:
      if (name == SO_REUSEADDR) return {SocketOption::kReuseAddress};
      if (name == SO_EXCLUSIVEADDRUSE) {
        return {SocketOption::kExclusiveAddressUse};
      }
      if (name == SO_TYPE) return {std::nullopt, true};
      return {std::nullopt, false, WSAENOPROTOOPT};  // SO2
    case IPPROTO_IPV6:
      if (name == IPV6_V6ONLY) return {SocketOption::kIpv6Only};
      return {std::nullopt, false, WSAENOPROTOOPT};
    case IPPROTO_IP:
    case IPPROTO_TCP:
    case IPPROTO_UDP:
      return {std::nullopt, false, WSAENOPROTOOPT};
    default:
      return {std::nullopt, false, WSAEINVAL};  // SO3: not a level
  }
}

int SocketTypeNumber(portres::SocketType type) {
  switch (type) {
    case portres::SocketType::kStream:
      return SOCK_STREAM;
    case portres::SocketType::kDatagram:
      return SOCK_DGRAM;
    case portres::SocketType::kRaw:
      return SOCK_RAW;
  }
  return 0;
}

// The options the data path keeps (network.h), SOL_SOCKET level: each a
// DWORD or BOOL, or for SO_LINGER a LINGER, which is as long [SOLSOCK].
bool IsDataOption(int level, int name) {
  return level == SOL_SOCKET &&
         (name == SO_RCVTIMEO || name == SO_SNDTIMEO || name == SO_LINGER ||
          name == SO_DONTLINGER || name == SO_ERROR || name == SO_ACCEPTCONN);
}

int SetDataOption(portres::compat::internal::DataState& data, int name,
                  const char* optval) {
  DWORD value;
  std::memcpy(&value, optval, sizeof(value));
  switch (name) {
    case SO_RCVTIMEO:
      data.receive_timeout_ms = value;
      return 0;
    case SO_SNDTIMEO:
      data.send_timeout_ms = value;
      return 0;
    case SO_LINGER: {
      LINGER linger;
      std::memcpy(&linger, optval, sizeof(linger));
      data.linger = linger.l_onoff != 0;
      data.linger_seconds = linger.l_linger;
      return 0;
    }
    case SO_DONTLINGER:
      data.linger = value == 0;
      return 0;
    default:
      return WSAENOPROTOOPT;  // SO_ERROR and SO_ACCEPTCONN are read-only
  }
}

int GetDataOption(portres::compat::internal::DataState& data, int name) {
  switch (name) {
    case SO_RCVTIMEO:
      return static_cast<int>(data.receive_timeout_ms);
    case SO_SNDTIMEO:
      return static_cast<int>(data.send_timeout_ms);
    case SO_DONTLINGER:
      return data.linger ? 0 : 1;
    case SO_ERROR: {
      const int error = data.pending_error;  // reading clears it [SOLSOCK]
      data.pending_error = 0;
      return error;
    }
    default:  // SO_ACCEPTCONN
      return data.mode == portres::compat::internal::DataState::Mode::kListening
                 ? 1
                 : 0;
  }
}

}  // namespace

extern "C" {

int portres_setsockopt(SOCKET s, int level, int optname, const char* optval,
                       int optlen) {
  WinsockCall call;
  if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
  if (call.Socket(s) == nullptr) return Fail(WSAENOTSOCK, SOCKET_ERROR);
  // <mswsock.h>'s context updates after AcceptEx and ConnectEx: the
  // simulation's sockets already have what they would copy (DP40).
  if (level == SOL_SOCKET && (optname == SO_UPDATE_ACCEPT_CONTEXT ||
                              optname == SO_UPDATE_CONNECT_CONTEXT)) {
    return 0;
  }
  // SO1: the options here are BOOL-sized (SO6).
  if (optval == nullptr || optlen < static_cast<int>(sizeof(int))) {
    return Fail(WSAEFAULT, SOCKET_ERROR);
  }
  if (IsDataOption(level, optname)) {
    const int code = SetDataOption(call.Socket(s)->data, optname, optval);
    return code == 0 ? 0 : Fail(code, SOCKET_ERROR);
  }
  const OptionName resolved = Resolve(level, optname);
  if (resolved.error != 0) return Fail(resolved.error, SOCKET_ERROR);
  if (resolved.socket_type) return Fail(WSAENOPROTOOPT, SOCKET_ERROR);  // read-only
  if (auto fault = call.Fault(portres::Operation::kSetOption, s)) {
    return Fail(static_cast<int>(*fault), SOCKET_ERROR);
  }
  int value;
  std::memcpy(&value, optval, sizeof(value));
  absl::Status set =
      call.SetOption(s, *resolved.option, value != 0 ? 1u : 0u);
  return set.ok() ? 0 : Fail(CodeOf(set), SOCKET_ERROR);
}

int portres_getsockopt(SOCKET s, int level, int optname, char* optval,
                       int* optlen) {
  WinsockCall call;
  if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
  const portres::compat::internal::WinsockSocket* socket = call.Socket(s);
  if (socket == nullptr) return Fail(WSAENOTSOCK, SOCKET_ERROR);
  if (optval == nullptr || optlen == nullptr ||
      *optlen < static_cast<int>(sizeof(int))) {
    return Fail(WSAEFAULT, SOCKET_ERROR);
  }
  if (level == SOL_SOCKET && optname == SO_LINGER) {
    const LINGER linger{static_cast<u_short>(socket->data.linger ? 1 : 0),
                        socket->data.linger_seconds};
    std::memcpy(optval, &linger, sizeof(linger));
    *optlen = sizeof(linger);
    return 0;
  }
  if (IsDataOption(level, optname)) {
    const int value = GetDataOption(call.Socket(s)->data, optname);
    std::memcpy(optval, &value, sizeof(value));
    *optlen = sizeof(value);
    return 0;
  }
  const OptionName resolved = Resolve(level, optname);
  if (resolved.error != 0) return Fail(resolved.error, SOCKET_ERROR);
  if (auto fault = call.Fault(portres::Operation::kGetOption, s)) {
    return Fail(static_cast<int>(*fault), SOCKET_ERROR);
  }
  int value;
  if (resolved.socket_type) {
    value = SocketTypeNumber(socket->type);
  } else {
    absl::StatusOr<uint32_t> got = call.GetOption(s, *resolved.option);
    if (!got.ok()) return Fail(CodeOf(got.status()), SOCKET_ERROR);
    value = static_cast<int>(*got);
  }
  std::memcpy(optval, &value, sizeof(value));
  *optlen = sizeof(value);
  return 0;
}

}  // extern "C"
