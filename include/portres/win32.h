// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: win32.h
//
// The Win32 backend: this process's PortReservations over the real Windows
// host. Sockets come from Winsock, the three reservation ioctls go through
// WSAIoctl with the SDK's structures (StartPort in network byte order), and
// the six persistent functions are resolved from iphlpapi.dll at run time:
// a missing export (Wine exports none of them) makes that call fail with
// UNIMPLEMENTED and Windows code ERROR_NOT_SUPPORTED (50). Every Windows code
// is passed through unchanged; arguments are checked first with the same
// core checks as the simulator, so bad input gets the same code everywhere.
// iphlpapi.dll is loaded from System32 only and freed with the backend.
// A reply Windows documents as impossible (an ACQUIRE that succeeds with
// other than 16 bytes returned) fails with INTERNAL and no Windows code.
// Windows builds only.
//
// Lifetime: each backend holds one WSAStartup. Destroying it calls
// WSACleanup; when that is the process's last, Windows closes every socket
// still open (releasing their runtime reservations), so a socket must not
// outlive its backend. The simulator's process views keep their sockets
// until the process exits.
//
// Example:
//   absl::StatusOr<std::unique_ptr<portres::PortReservations>> ports =
//       portres::NewWin32PortReservations();
//   if (ports.ok()) { auto s = (*ports)->OpenSocket(...); }
//
// Thread safety: thread-safe, as Winsock is.

#ifndef PORTRES_WIN32_H_
#define PORTRES_WIN32_H_

#include <memory>

#include "absl/status/statusor.h"
#include "portres/export.h"
#include "portres/port_reservations.h"

namespace portres {

// Starts Winsock (WSAStartup 2.2) for the backend's lifetime; fails with
// WSAStartup's code, or WSAVERNOTSUPPORTED if Winsock is not 2.2.
PORTRES_WIN32_API absl::StatusOr<std::unique_ptr<PortReservations>>
NewWin32PortReservations();

// Whether this process runs elevated (the persistent functions' rule).
PORTRES_WIN32_API bool Win32ProcessIsElevated();

// Whether this is Wine (ntdll exports wine_get_version), for tests that
// assert Wine's answers.
PORTRES_WIN32_API bool RunningUnderWine();

}  // namespace portres

#endif  // PORTRES_WIN32_H_
