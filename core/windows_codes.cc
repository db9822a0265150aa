// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "portres/windows_codes.h"

#include <algorithm>
#include <array>

namespace portres {
namespace {

using absl::StatusCode;

// One flat, greppable table (libuv's src/win/error.c). Messages are Windows'
// FormatMessage texts (spec §1.3). Canonical codes per absl's guidance: a
// taken port is kAlreadyExists, a missing reservation kNotFound, a privilege
// failure kPermissionDenied, exhaustion kResourceExhausted.
constexpr std::array kTable = {
    WindowsCodeInfo{kNoError, "NO_ERROR",
                    "The operation completed successfully.", StatusCode::kOk},
    WindowsCodeInfo{kErrorAccessDenied, "ERROR_ACCESS_DENIED",
                    "Access is denied.", StatusCode::kPermissionDenied},
    WindowsCodeInfo{kErrorInvalidHandle, "ERROR_INVALID_HANDLE",
                    "The handle is invalid.", StatusCode::kFailedPrecondition},
    WindowsCodeInfo{kErrorSharingViolation, "ERROR_SHARING_VIOLATION",
                    "The process cannot access the file because it is being "
                    "used by another process.",
                    StatusCode::kAlreadyExists},
    WindowsCodeInfo{kErrorNotSupported, "ERROR_NOT_SUPPORTED",
                    "The request is not supported.",
                    StatusCode::kUnimplemented},
    WindowsCodeInfo{kErrorInvalidParameter,
                    "ERROR_INVALID_PARAMETER (WSA_INVALID_PARAMETER)",
                    "The parameter is incorrect.",
                    StatusCode::kInvalidArgument},
    WindowsCodeInfo{kErrorInsufficientBuffer, "ERROR_INSUFFICIENT_BUFFER",
                    "The data area passed to a system call is too small.",
                    StatusCode::kInvalidArgument},
    WindowsCodeInfo{kWsaOperationAborted, "WSA_OPERATION_ABORTED",
                    "The I/O operation has been aborted because of either a "
                    "thread exit or an application request.",
                    StatusCode::kCancelled},
    WindowsCodeInfo{kWsaIoIncomplete, "WSA_IO_INCOMPLETE",
                    "Overlapped I/O event is not in a signaled state.",
                    StatusCode::kUnavailable},
    WindowsCodeInfo{kWsaIoPending, "WSA_IO_PENDING",
                    "Overlapped I/O operation is in progress.",
                    StatusCode::kUnavailable},
    WindowsCodeInfo{kErrorNotFound, "ERROR_NOT_FOUND", "Element not found.",
                    StatusCode::kNotFound},
    WindowsCodeInfo{kErrorNotEnoughQuota, "ERROR_NOT_ENOUGH_QUOTA",
                    "Not enough quota is available to process this command.",
                    StatusCode::kResourceExhausted},
    WindowsCodeInfo{kWsaEIntr, "WSAEINTR",
                    "A blocking operation was interrupted by a call to "
                    "WSACancelBlockingCall.",
                    StatusCode::kAborted},
    WindowsCodeInfo{kWsaEAcces, "WSAEACCES",
                    "An attempt was made to access a socket in a way forbidden "
                    "by its access permissions.",
                    StatusCode::kPermissionDenied},
    WindowsCodeInfo{kWsaEFault, "WSAEFAULT",
                    "The system detected an invalid pointer address in "
                    "attempting to use a pointer argument in a call.",
                    StatusCode::kInvalidArgument},
    WindowsCodeInfo{kWsaEInval, "WSAEINVAL",
                    "An invalid argument was supplied.",
                    StatusCode::kInvalidArgument},
    WindowsCodeInfo{kWsaEWouldBlock, "WSAEWOULDBLOCK",
                    "A non-blocking socket operation could not be completed "
                    "immediately.",
                    StatusCode::kUnavailable},
    WindowsCodeInfo{kWsaEInProgress, "WSAEINPROGRESS",
                    "A blocking operation is currently executing.",
                    StatusCode::kFailedPrecondition},
    WindowsCodeInfo{kWsaENotSock, "WSAENOTSOCK",
                    "An operation was attempted on something that is not a "
                    "socket.",
                    StatusCode::kNotFound},
    WindowsCodeInfo{kWsaEProtoType, "WSAEPROTOTYPE",
                    "A protocol was specified in the socket function call "
                    "that does not support the semantics of the socket type "
                    "requested.",
                    StatusCode::kInvalidArgument},
    WindowsCodeInfo{kWsaENoProtoOpt, "WSAENOPROTOOPT",
                    "An unknown, invalid, or unsupported option or level was "
                    "specified in a getsockopt or setsockopt call.",
                    StatusCode::kInvalidArgument},
    WindowsCodeInfo{kWsaEProtoNoSupport, "WSAEPROTONOSUPPORT",
                    "The requested protocol has not been configured into the "
                    "system, or no implementation for it exists.",
                    StatusCode::kInvalidArgument},
    WindowsCodeInfo{kWsaEOpNotSupp, "WSAEOPNOTSUPP",
                    "The attempted operation is not supported for the type of "
                    "object referenced.",
                    StatusCode::kUnimplemented},
    WindowsCodeInfo{kWsaEAfNoSupport, "WSAEAFNOSUPPORT",
                    "An address incompatible with the requested protocol was "
                    "used.",
                    StatusCode::kInvalidArgument},
    WindowsCodeInfo{kWsaEAddrInUse, "WSAEADDRINUSE",
                    "Only one usage of each socket address (protocol/network "
                    "address/port) is normally permitted.",
                    StatusCode::kAlreadyExists},
    WindowsCodeInfo{kWsaEAddrNotAvail, "WSAEADDRNOTAVAIL",
                    "The requested address is not valid in its context.",
                    StatusCode::kInvalidArgument},
    WindowsCodeInfo{kWsaENetDown, "WSAENETDOWN",
                    "A socket operation encountered a dead network.",
                    StatusCode::kUnavailable},
    WindowsCodeInfo{kWsaENoBufs, "WSAENOBUFS",
                    "An operation on a socket could not be performed because "
                    "the system lacked sufficient buffer space or because a "
                    "queue was full.",
                    StatusCode::kResourceExhausted},
    WindowsCodeInfo{kWsaVerNotSupported, "WSAVERNOTSUPPORTED",
                    "The Windows Sockets version requested is not supported.",
                    StatusCode::kFailedPrecondition},
    WindowsCodeInfo{kWsaNotInitialised, "WSANOTINITIALISED",
                    "Either the application has not called WSAStartup, or "
                    "WSAStartup failed.",
                    StatusCode::kFailedPrecondition},
};

constexpr bool IsSortedByCode() {
  for (size_t i = 1; i < kTable.size(); ++i) {
    if (kTable[i - 1].code >= kTable[i].code) return false;
  }
  return true;
}
static_assert(IsSortedByCode(), "FindWindowsCode binary-searches the table");

}  // namespace

absl::Span<const WindowsCodeInfo> AllWindowsCodes() { return kTable; }

const WindowsCodeInfo* FindWindowsCode(uint32_t code) {
  auto it = std::lower_bound(
      kTable.begin(), kTable.end(), code,
      [](const WindowsCodeInfo& row, uint32_t c) { return row.code < c; });
  return it != kTable.end() && it->code == code ? &*it : nullptr;
}

}  // namespace portres
