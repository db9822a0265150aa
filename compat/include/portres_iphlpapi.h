// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: iphlpapi.h
 *
 * portres's stand-in for the "Port reservation API routines" of
 * <iphlpapi.h> (spec §7-§9), against the simulated host. StartPort is in
 * network byte order. Create and Delete need an elevated simulated process
 * (PortresSimSpawnProcess(TRUE) or PORTRES_SIM_ELEVATED=1); Lookup does not.
 *
 * Example:
 *   ULONG64 token = 0;
 *   ULONG rc = CreatePersistentTcpPortReservation(htons(5000), 20, &token);
 *
 * Thread safety: every function may be called from any thread.
 */
#ifndef PORTRES_COMPAT_IPHLPAPI_H_
#define PORTRES_COMPAT_IPHLPAPI_H_

#include "portres/export.h"
#include "portres_windows.h"

/* What follows is exported by a shared portres_compat (portres/export.h). */
PORTRES_COMPAT_API_BEGIN
#ifdef __cplusplus
extern "C" {
#endif

ULONG WINAPI CreatePersistentTcpPortReservation(USHORT StartPort,
                                                USHORT NumberOfPorts,
                                                PULONG64 Token);
ULONG WINAPI CreatePersistentUdpPortReservation(USHORT StartPort,
                                                USHORT NumberOfPorts,
                                                PULONG64 Token);
ULONG WINAPI DeletePersistentTcpPortReservation(USHORT StartPort,
                                                USHORT NumberOfPorts);
ULONG WINAPI DeletePersistentUdpPortReservation(USHORT StartPort,
                                                USHORT NumberOfPorts);
ULONG WINAPI LookupPersistentTcpPortReservation(USHORT StartPort,
                                                USHORT NumberOfPorts,
                                                PULONG64 Token);
ULONG WINAPI LookupPersistentUdpPortReservation(USHORT StartPort,
                                                USHORT NumberOfPorts,
                                                PULONG64 Token);

#ifdef __cplusplus
}
#endif

PORTRES_COMPAT_API_END

#endif /* PORTRES_COMPAT_IPHLPAPI_H_ */
