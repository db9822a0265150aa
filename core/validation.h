// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Argument checks shared by every backend, so that bad input gets the same
// Windows code whichever backend sees it (libuv's uv_tcp_bind pattern). Each
// backend calls them at the point of its check sequence where Windows makes
// the check (for example, after resolving the socket handle).

#ifndef PORTRES_CORE_VALIDATION_H_
#define PORTRES_CORE_VALIDATION_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portres/export.h"
#include "portres/types.h"

namespace portres::internal {

// The highest port a block may reach (spec U13).
inline constexpr uint32_t kMaxPort = 65535;

// SIO_ACQUIRE_PORT_RESERVATION's range: count 0 or a block past `max_port`
// → WSAEINVAL (spec U6). start 0 is a valid wildcard request.
PORTRES_CORE_API absl::Status ValidateRuntimeRange(
    PortRange range, uint32_t max_port = kMaxPort);

// The persistent functions' range: start 0, count 0 or a block past
// `max_port` → ERROR_INVALID_PARAMETER (spec §7 M2, §8, §9, U13).
PORTRES_CORE_API absl::Status ValidatePersistentRange(
    PortRange range, uint32_t max_port = kMaxPort);

// socket()'s (type, protocol) pair → the pool it uses; nullopt for raw
// sockets, which have none. Errors: WSAEPROTOTYPE, WSAEPROTONOSUPPORT.
PORTRES_CORE_API absl::StatusOr<std::optional<Protocol>> ResolveSocketProtocol(
    SocketType type, int protocol);

// Token 0 (INVALID_PORT_RESERVATION_TOKEN) as the input of ASSOCIATE or
// RELEASE → WSAEINVAL (spec U7, U11).
PORTRES_CORE_API absl::Status ValidateTokenArgument(
    Token token, absl::string_view operation);

// The persistent functions, for error contexts.
enum class PersistentFunction { kCreate, kDelete, kLookup };

// "CreatePersistentTcpPortReservation" and its siblings: a constant, so a
// successful call builds no string.
PORTRES_CORE_API absl::string_view PersistentFunctionName(
    PersistentFunction function, Protocol protocol);

}  // namespace portres::internal

#endif  // PORTRES_CORE_VALIDATION_H_
