// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: status.h
//
// The portres error model. Every failure is an absl::Status whose canonical
// code follows absl/status/status.h's guidance and whose payload carries the
// exact Windows code (WSAEADDRINUSE 10048, ERROR_SHARING_VIOLATION 32, ...).
// Tests and callers read the Windows code with WindowsErrorCode(); the message
// is for humans only.
//
// Example:
//   absl::StatusOr<portres::Reservation> r = ports.Acquire(s, {5000, 20});
//   if (portres::WindowsErrorCode(r.status()) == portres::kWsaEAddrInUse) {
//     // another reservation or a bound socket holds part of the block
//   }
//
// Thread safety: free functions over values.

#ifndef PORTRES_STATUS_H_
#define PORTRES_STATUS_H_

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "portres/export.h"

namespace portres {

// The payload type URL under which the Windows code is stored (decimal text).
inline constexpr absl::string_view kWindowsErrorPayloadUrl =
    "type.portres.dev/windows-error-code";

// A failed status for Windows code `code`. The canonical code and the message
// prefix come from the code table (windows_codes.h); `context` says what was
// being attempted. Codes missing from the table map to
// absl::StatusCode::kUnknown.
PORTRES_CORE_API absl::Status WindowsError(uint32_t code,
                                           absl::string_view context);

// The Windows code carried by `status`: 0 (NO_ERROR) for OK, the payload's
// code for a portres error, std::nullopt for an error without one.
PORTRES_CORE_API std::optional<uint32_t> WindowsErrorCode(
    const absl::Status& status);

// The Windows code carried by `result`'s status.
template <typename T>
std::optional<uint32_t> WindowsErrorCode(const absl::StatusOr<T>& result) {
  return WindowsErrorCode(result.status());
}

}  // namespace portres

#endif  // PORTRES_STATUS_H_
