// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: mstcpip.h
 *
 * portres's stand-in for the "TCP/UDP port management definitions" of
 * <mstcpip.h> (spec §1.1, §1.2): the three control codes and the structures
 * with the SDK's layout. StartPort is in network byte order, NumberOfPorts in
 * host byte order.
 *
 * Example:
 *   INET_PORT_RANGE range = {htons(5000), 20};
 *   INET_PORT_RESERVATION_INSTANCE out;  // out.Reservation.StartPort, out.Token
 *
 * Thread safety: declarations only.
 */
#ifndef PORTRES_COMPAT_MSTCPIP_H_
#define PORTRES_COMPAT_MSTCPIP_H_

#include "winsock2.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IOC_IN 0x80000000u
#define IOC_VENDOR 0x18000000u
#define _WSAIOW(x, y) (IOC_IN | (x) | (y))

#define SIO_ACQUIRE_PORT_RESERVATION _WSAIOW(IOC_VENDOR, 100) /* 0x98000064 */
#define SIO_RELEASE_PORT_RESERVATION _WSAIOW(IOC_VENDOR, 101) /* 0x98000065 */
#define SIO_ASSOCIATE_PORT_RESERVATION \
  _WSAIOW(IOC_VENDOR, 102) /* 0x98000066 */

typedef struct _INET_PORT_RANGE {
  USHORT StartPort; /* network byte order; 0: the system chooses */
  USHORT NumberOfPorts;
} INET_PORT_RANGE, *PINET_PORT_RANGE;
typedef INET_PORT_RANGE INET_PORT_RESERVATION, *PINET_PORT_RESERVATION;

typedef struct {
  ULONG64 Token;
} INET_PORT_RESERVATION_TOKEN, *PINET_PORT_RESERVATION_TOKEN;

#define INVALID_PORT_RESERVATION_TOKEN ((ULONG64)0)

/* The SDK names the members in C++ (Reservation, Token) and makes them
 * anonymous in C (StartPort, NumberOfPorts and Token directly). Both
 * spellings work here in both languages, with the SDK's layout: 16 bytes,
 * Token at offset 8. */
typedef struct {
  union {
    INET_PORT_RESERVATION Reservation;
    struct {
      USHORT StartPort;
      USHORT NumberOfPorts;
    };
  };
#ifdef __cplusplus
  INET_PORT_RESERVATION_TOKEN Token;
#else
  ULONG64 Token;
#endif
} INET_PORT_RESERVATION_INSTANCE, *PINET_PORT_RESERVATION_INSTANCE;

typedef struct {
  ULONG OwningPid;
} INET_PORT_RESERVATION_INFORMATION, *PINET_PORT_RESERVATION_INFORMATION;

#ifdef __cplusplus
}
#endif

#endif /* PORTRES_COMPAT_MSTCPIP_H_ */
