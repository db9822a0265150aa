// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: windows_codes.h
//
// Every Win32 and Winsock error code the port-reservation family can return
// (spec §1.3), with its symbolic name, its FormatMessage text and the
// absl::StatusCode portres reports it under. The numbers are Windows' own; the
// Win32 backend checks them against the SDK headers with static_assert.
//
// The constants are named kErrorFoo / kWsaFoo rather than Windows' macro names
// so that this header can coexist with <winsock2.h>.
//
// Example:
//   const portres::WindowsCodeInfo* info = portres::FindWindowsCode(10048);
//   // info->name == "WSAEADDRINUSE"
//
// Thread safety: the table is immutable.

#ifndef PORTRES_WINDOWS_CODES_H_
#define PORTRES_WINDOWS_CODES_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace portres {

// Win32 codes (winerror.h), returned directly by the IP Helper functions.
inline constexpr uint32_t kNoError = 0;
inline constexpr uint32_t kErrorAccessDenied = 5;
inline constexpr uint32_t kErrorInvalidHandle = 6;
inline constexpr uint32_t kErrorSharingViolation = 32;
inline constexpr uint32_t kErrorNotSupported = 50;
inline constexpr uint32_t kErrorInvalidParameter = 87;
inline constexpr uint32_t kErrorInsufficientBuffer = 122;
inline constexpr uint32_t kErrorNotFound = 1168;

// Winsock codes (WSAGetLastError()).
inline constexpr uint32_t kWsaInvalidParameter =
    87;  // == ERROR_INVALID_PARAMETER
inline constexpr uint32_t kWsaOperationAborted = 995;
inline constexpr uint32_t kWsaIoIncomplete = 996;
inline constexpr uint32_t kWsaIoPending = 997;
inline constexpr uint32_t kWsaEIntr = 10004;
inline constexpr uint32_t kWsaEAcces = 10013;
inline constexpr uint32_t kWsaEFault = 10014;
inline constexpr uint32_t kWsaEInval = 10022;
inline constexpr uint32_t kWsaEWouldBlock = 10035;
inline constexpr uint32_t kWsaEInProgress = 10036;
inline constexpr uint32_t kWsaENotSock = 10038;
inline constexpr uint32_t kWsaEProtoType = 10041;
inline constexpr uint32_t kWsaENoProtoOpt = 10042;
inline constexpr uint32_t kWsaEProtoNoSupport = 10043;
inline constexpr uint32_t kWsaEOpNotSupp = 10045;
inline constexpr uint32_t kWsaEAfNoSupport = 10047;
inline constexpr uint32_t kWsaEAddrInUse = 10048;
inline constexpr uint32_t kWsaEAddrNotAvail = 10049;
inline constexpr uint32_t kWsaENetDown = 10050;
inline constexpr uint32_t kWsaENoBufs = 10055;
inline constexpr uint32_t kWsaNotInitialised = 10093;

// One row of the code table.
struct WindowsCodeInfo {
  uint32_t code;
  absl::string_view name;     // e.g. "WSAEADDRINUSE"
  absl::string_view message;  // FormatMessage text, e.g. "Access is denied."
  absl::StatusCode canonical;
};

// The whole table, ordered by code.
absl::Span<const WindowsCodeInfo> AllWindowsCodes();

// The row for `code`, or nullptr if portres does not know the code.
const WindowsCodeInfo* FindWindowsCode(uint32_t code);

}  // namespace portres

#endif  // PORTRES_WINDOWS_CODES_H_
