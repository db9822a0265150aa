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
#include "portres/export.h"

namespace portres {

// Win32 codes (winerror.h), returned directly by the IP Helper functions.
inline constexpr uint32_t kNoError = 0;             // NO_ERROR
inline constexpr uint32_t kErrorAccessDenied = 5;   // ERROR_ACCESS_DENIED
inline constexpr uint32_t kErrorInvalidHandle = 6;  // ERROR_INVALID_HANDLE
inline constexpr uint32_t kErrorSharingViolation =
    32;                                             // ERROR_SHARING_VIOLATION
inline constexpr uint32_t kErrorNotSupported = 50;  // ERROR_NOT_SUPPORTED
inline constexpr uint32_t kErrorInvalidParameter =
    87;  // ERROR_INVALID_PARAMETER
inline constexpr uint32_t kErrorInsufficientBuffer =
    122;                                          // ERROR_INSUFFICIENT_BUFFER
inline constexpr uint32_t kErrorNotFound = 1168;  // ERROR_NOT_FOUND
inline constexpr uint32_t kErrorNotEnoughQuota =
    1816;  // ERROR_NOT_ENOUGH_QUOTA

// Winsock codes (WSAGetLastError()).
// WSA_INVALID_PARAMETER, the same value as ERROR_INVALID_PARAMETER.
inline constexpr uint32_t kWsaInvalidParameter = 87;
inline constexpr uint32_t kWsaOperationAborted = 995;   // WSA_OPERATION_ABORTED
inline constexpr uint32_t kWsaIoIncomplete = 996;       // WSA_IO_INCOMPLETE
inline constexpr uint32_t kWsaIoPending = 997;          // WSA_IO_PENDING
inline constexpr uint32_t kWsaEIntr = 10004;            // WSAEINTR
inline constexpr uint32_t kWsaEAcces = 10013;           // WSAEACCES
inline constexpr uint32_t kWsaEFault = 10014;           // WSAEFAULT
inline constexpr uint32_t kWsaEInval = 10022;           // WSAEINVAL
inline constexpr uint32_t kWsaEWouldBlock = 10035;      // WSAEWOULDBLOCK
inline constexpr uint32_t kWsaEInProgress = 10036;      // WSAEINPROGRESS
inline constexpr uint32_t kWsaENotSock = 10038;         // WSAENOTSOCK
inline constexpr uint32_t kWsaEProtoType = 10041;       // WSAEPROTOTYPE
inline constexpr uint32_t kWsaENoProtoOpt = 10042;      // WSAENOPROTOOPT
inline constexpr uint32_t kWsaEProtoNoSupport = 10043;  // WSAEPROTONOSUPPORT
inline constexpr uint32_t kWsaEOpNotSupp = 10045;       // WSAEOPNOTSUPP
inline constexpr uint32_t kWsaEAfNoSupport = 10047;     // WSAEAFNOSUPPORT
inline constexpr uint32_t kWsaEAddrInUse = 10048;       // WSAEADDRINUSE
inline constexpr uint32_t kWsaEAddrNotAvail = 10049;    // WSAEADDRNOTAVAIL
inline constexpr uint32_t kWsaENetDown = 10050;         // WSAENETDOWN
inline constexpr uint32_t kWsaENoBufs = 10055;          // WSAENOBUFS
inline constexpr uint32_t kWsaVerNotSupported = 10092;  // WSAVERNOTSUPPORTED
inline constexpr uint32_t kWsaNotInitialised = 10093;   // WSANOTINITIALISED

// One row of the code table.
struct WindowsCodeInfo {
  uint32_t code;               // the number, e.g. 10048
  absl::string_view name;      // e.g. "WSAEADDRINUSE"
  absl::string_view message;   // FormatMessage text, e.g. "Access is denied."
  absl::StatusCode canonical;  // the absl::Status code it maps to
};

// The whole table, ordered by code.
PORTRES_CORE_API absl::Span<const WindowsCodeInfo> AllWindowsCodes();

// The row for `code`, or nullptr if portres does not know the code.
PORTRES_CORE_API const WindowsCodeInfo* FindWindowsCode(uint32_t code);

}  // namespace portres

#endif  // PORTRES_WINDOWS_CODES_H_
