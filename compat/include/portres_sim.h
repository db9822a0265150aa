// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: portres_sim.h
 *
 * Controls of the process-wide simulated Windows host behind portres's
 * compat headers (these names are fixed: other code relies on them). The host starts with one
 * initial process, elevated only if PORTRES_SIM_ELEVATED=1; every thread acts
 * as that process until it switches.
 *
 * Example:
 *   DWORD admin = PortresSimSpawnProcess(TRUE);
 *   PortresSimSwitchProcess(admin);   // this thread now acts as `admin`
 *   PortresSimReboot();               // persistent reservations survive
 *
 * Thread safety: every function may be called from any thread; the process
 * a thread acts as is per thread.
 */
#ifndef PORTRES_SIM_H_
#define PORTRES_SIM_H_

#include "portres/export.h"
#include "portres_windows.h"

/* What follows is exported by a shared portres_compat (portres/export.h). */
PORTRES_COMPAT_API_BEGIN
#ifdef __cplusplus
extern "C" {
#endif

/* Discards the host: a fresh one of the profile PORTRES_SIM_PROFILE names
 * (`windows` when unset) with one initial process. */
void PortresSimReset(void);

/* Discards the host: a fresh one of behaviour profile `profile` ("windows",
 * "windows-1803", "windows-hyperv", "wine-8"; docs §19) with one initial
 * process. FALSE with ERROR_INVALID_PARAMETER for another name, changing
 * nothing. */
BOOL PortresSimResetProfile(const char* profile);

/* A new simulated process; returns its id. */
DWORD PortresSimSpawnProcess(BOOL elevated);

/* Later calls on this thread act as `pid`; FALSE if it is not a live
 * process. */
BOOL PortresSimSwitchProcess(DWORD pid);

/* The process ends: its sockets close, its runtime reservations go. FALSE if
 * it is not a live process. */
BOOL PortresSimExitProcess(DWORD pid);

/* The machine restarts: all processes end, persistent reservations stay with
 * new tokens, and a fresh initial process starts (same elevation rule as
 * PortresSimReset). */
void PortresSimReboot(void);

/* Discards the host: a fresh one (of PORTRES_SIM_PROFILE's profile) whose
 * dynamic ranges and excluded port ranges are those of `text`, output of
 * `netsh int ipv4 show excludedportrange protocol=tcp|udp` and `netsh int
 * ipv4 show dynamicport tcp|udp` captured on a real machine (docs §19,
 * NS1-NS5), so a failure seen there replays here. FALSE with
 * ERROR_INVALID_PARAMETER, the host unchanged and the reason on stderr, for
 * text that is not netsh's. */
BOOL PortresSimImportNetsh(const char* text);

/* The machine gets an interface address besides loopback (the wildcards,
 * 127.0.0.0/8 and ::1 are always local): bind() to it succeeds instead of
 * failing with WSAEADDRNOTAVAIL. `address` points to an IN_ADDR (AF_INET) or
 * IN6_ADDR (AF_INET6), network order. FALSE for another family, a null
 * pointer, or an address that cannot be an interface's (wildcard, loopback,
 * v4-mapped). Kept across PortresSimReboot, not PortresSimReset. */
BOOL PortresSimAddLocalAddress(int family, const void* address);

/* `netsh int ipv4 set dynamicport`: protocol is IPPROTO_TCP or IPPROTO_UDP,
 * start and count in host byte order. FALSE for a bad protocol or range. */
BOOL PortresSimSetDynamicPortRange(int protocol, USHORT start, USHORT count);

/* A runtime block held by a simulated system service (like WinNAT); start 0
 * picks a free block of the dynamic range. Returns its token, 0 on failure. */
ULONG64 PortresSimAddSystemReservation(int protocol, USHORT start,
                                       USHORT count);

/* ---- Scheduled faults (docs §20, FI1-FI4) ----
 *
 * Make chosen calls fail with a chosen Windows code, without running them
 * (so nothing changes), as Windows fails them on bad days. `operation` is
 * one of the PORTRES_SIM_OP_* numbers; `code` must be one Windows documents
 * for that call (portres/operations.h, InjectableCodes), else the function
 * returns FALSE with ERROR_INVALID_PARAMETER and adds nothing. Rules apply to
 * every simulated process, are tried in the order added, and survive
 * PortresSimReset and PortresSimReboot until PortresSimClearFaults. */
#define PORTRES_SIM_OP_SOCKET 0
#define PORTRES_SIM_OP_CLOSESOCKET 1
#define PORTRES_SIM_OP_BIND 2
#define PORTRES_SIM_OP_SETSOCKOPT 3
#define PORTRES_SIM_OP_GETSOCKOPT 4
#define PORTRES_SIM_OP_ACQUIRE 5   /* SIO_ACQUIRE_PORT_RESERVATION */
#define PORTRES_SIM_OP_RELEASE 6   /* SIO_RELEASE_PORT_RESERVATION */
#define PORTRES_SIM_OP_ASSOCIATE 7 /* SIO_ASSOCIATE_PORT_RESERVATION */
#define PORTRES_SIM_OP_CREATE_PERSISTENT 8
#define PORTRES_SIM_OP_DELETE_PERSISTENT 9
#define PORTRES_SIM_OP_LOOKUP_PERSISTENT 10

/* The next `times` calls of `operation` fail with `code`. */
BOOL PortresSimFailNext(DWORD operation, DWORD code, DWORD times);

/* Every later call of `operation` whose ports overlap [first, last] fails
 * with `code`: bind's port, ACQUIRE's block, the persistent calls' block
 * (bind to port 0 touches none). `protocol` IPPROTO_TCP or IPPROTO_UDP
 * limits it to that pool; 0 means both. */
BOOL PortresSimFailPorts(DWORD operation, DWORD code, int protocol,
                         USHORT first, USHORT last);

/* Each later call of `operation` fails with `code` with probability
 * `per_million` / 1000000, from a generator seeded with `seed`. */
BOOL PortresSimFailRandomly(DWORD operation, DWORD code, DWORD per_million,
                            ULONG64 seed);

/* Removes every rule (the record stays). */
void PortresSimClearFaults(void);

/* How many failures were injected so far; with `index` below that count,
 * PortresSimInjectedFault tells the index-th one's operation and code
 * (FALSE for an index past the end). */
DWORD PortresSimInjectedFaultCount(void);
BOOL PortresSimInjectedFault(DWORD index, DWORD* operation, DWORD* code);

/* Completes the calling process's overlapped port-reservation requests that
 * are pending on socket `s` (INVALID_SOCKET: on all its sockets), in the
 * order they were issued. They are pending only under the policy switch
 * `overlapped_reports_pending` (docs U20, OV1): WSAIoctl returned
 * SOCKET_ERROR with WSA_IO_PENDING and nothing has happened yet. Each runs
 * now and signals its event or queues its completion routine; closing the
 * socket first, CancelIo or CancelIoEx end it with WSA_OPERATION_ABORTED
 * instead. Returns how many completed. */
DWORD PortresSimCompletePendingIo(UINT_PTR s);

/* Waits until a socket of this machine listens on TCP port `port`
 * (IPPROTO_TCP) or is bound to UDP port `port` (IPPROTO_UDP), for up to
 * `timeout_ms` milliseconds (INFINITE: no limit): a test starts a server on
 * one thread, or as another program of a shared machine, and its client
 * once the server is ready. TRUE if one does; FALSE on timeout or for a bad
 * protocol. Host byte order. */
BOOL PortresSimWaitForListener(int protocol, USHORT port, DWORD timeout_ms);

#ifdef __cplusplus
}
#endif

PORTRES_COMPAT_API_END

#endif /* PORTRES_SIM_H_ */
