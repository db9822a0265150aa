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
 * Also the address helpers mstcpip.h gives Windows code: IN4ADDR_*,
 * IN6ADDR_* (on socket addresses), IN6_SET/GET_ADDR_V4MAPPED and
 * IN6ADDR_SETV4MAPPED, and the family-agnostic INETADDR_*.
 *
 * Thread safety: declarations only.
 */
#ifndef PORTRES_COMPAT_MSTCPIP_H_
#define PORTRES_COMPAT_MSTCPIP_H_

#include "portres/export.h"
#include "portres_winsock2.h"
#include "portres_ws2ipdef.h"

/* What follows is exported by a shared portres_compat (portres/export.h). */
PORTRES_COMPAT_API_BEGIN
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

/* ---- Address helpers ---- */

PORTRES_COMPAT_INLINE BOOLEAN IN4_IS_ADDR_UNSPECIFIED(const IN_ADDR* a) {
  return a->s_addr == INADDR_ANY;
}
PORTRES_COMPAT_INLINE BOOLEAN IN4_IS_ADDR_LOOPBACK(const IN_ADDR* a) {
  return a->S_un.S_un_b.s_b1 == 127;
}
PORTRES_COMPAT_INLINE BOOLEAN IN4_ADDR_EQUAL(const IN_ADDR* a,
                                             const IN_ADDR* b) {
  return a->s_addr == b->s_addr;
}
PORTRES_COMPAT_INLINE BOOLEAN IN4ADDR_ISANY(const SOCKADDR_IN* a) {
  return IN4_IS_ADDR_UNSPECIFIED(&a->sin_addr);
}
PORTRES_COMPAT_INLINE BOOLEAN IN4ADDR_ISLOOPBACK(const SOCKADDR_IN* a) {
  return IN4_IS_ADDR_LOOPBACK(&a->sin_addr);
}
PORTRES_COMPAT_INLINE void IN4ADDR_SETANY(PSOCKADDR_IN a) {
  a->sin_family = AF_INET;
  a->sin_port = 0;
  a->sin_addr.s_addr = INADDR_ANY;
  memset(a->sin_zero, 0, sizeof(a->sin_zero));
}
PORTRES_COMPAT_INLINE void IN4ADDR_SETLOOPBACK(PSOCKADDR_IN a) {
  IN4ADDR_SETANY(a);
  a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

PORTRES_COMPAT_INLINE void IN6_SET_ADDR_UNSPECIFIED(PIN6_ADDR a) {
  memset(a, 0, sizeof(*a));
}
PORTRES_COMPAT_INLINE void IN6_SET_ADDR_LOOPBACK(PIN6_ADDR a) {
  *a = in6addr_loopback;
}
/* a6 = ::ffff:a4. */
PORTRES_COMPAT_INLINE void IN6_SET_ADDR_V4MAPPED(PIN6_ADDR a6,
                                                 const IN_ADDR* a4) {
  *a6 = in6addr_v4mappedprefix;
  memcpy(&a6->u.Byte[12], a4, sizeof(*a4));
}
/* The IPv4 address inside ::ffff:a.b.c.d (the last four bytes). */
PORTRES_COMPAT_INLINE const IN_ADDR* IN6_GET_ADDR_V4MAPPED(const IN6_ADDR* a) {
  return (const IN_ADDR*)&a->u.Byte[12];
}
PORTRES_COMPAT_INLINE BOOLEAN IN6ADDR_ISANY(const SOCKADDR_IN6* a) {
  return IN6_IS_ADDR_UNSPECIFIED(&a->sin6_addr);
}
PORTRES_COMPAT_INLINE BOOLEAN IN6ADDR_ISLOOPBACK(const SOCKADDR_IN6* a) {
  return IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
}
PORTRES_COMPAT_INLINE BOOLEAN IN6ADDR_ISV4MAPPED(const SOCKADDR_IN6* a) {
  return IN6_IS_ADDR_V4MAPPED(&a->sin6_addr);
}
PORTRES_COMPAT_INLINE void IN6ADDR_SETANY(PSOCKADDR_IN6 a) {
  memset(a, 0, sizeof(*a));
  a->sin6_family = AF_INET6;
}
PORTRES_COMPAT_INLINE void IN6ADDR_SETLOOPBACK(PSOCKADDR_IN6 a) {
  IN6ADDR_SETANY(a);
  a->sin6_addr = in6addr_loopback;
}
/* a6 = [::ffff:a4]:port in `scope` (port in network order), the address a
 * dual-stack socket uses for an IPv4 endpoint. */
PORTRES_COMPAT_INLINE void IN6ADDR_SETV4MAPPED(PSOCKADDR_IN6 a6,
                                               const IN_ADDR* a4,
                                               SCOPE_ID scope, USHORT port) {
  IN6ADDR_SETANY(a6);
  a6->sin6_port = port;
  a6->sin6_scope_struct = scope;
  IN6_SET_ADDR_V4MAPPED(&a6->sin6_addr, a4);
}

/* The same on a SOCKADDR of either family. */
PORTRES_COMPAT_INLINE BOOLEAN INETADDR_ISANY(const SOCKADDR* a) {
  return a->sa_family == AF_INET6 ? IN6ADDR_ISANY((const SOCKADDR_IN6*)a)
                                  : IN4ADDR_ISANY((const SOCKADDR_IN*)a);
}
PORTRES_COMPAT_INLINE BOOLEAN INETADDR_ISLOOPBACK(const SOCKADDR* a) {
  return a->sa_family == AF_INET6
             ? IN6ADDR_ISLOOPBACK((const SOCKADDR_IN6*)a)
             : IN4ADDR_ISLOOPBACK((const SOCKADDR_IN*)a);
}
PORTRES_COMPAT_INLINE void INETADDR_SETANY(PSOCKADDR a) {
  if (a->sa_family == AF_INET6) {
    IN6ADDR_SETANY((PSOCKADDR_IN6)a);
  } else {
    IN4ADDR_SETANY((PSOCKADDR_IN)a);
  }
}
PORTRES_COMPAT_INLINE void INETADDR_SETLOOPBACK(PSOCKADDR a) {
  if (a->sa_family == AF_INET6) {
    IN6ADDR_SETLOOPBACK((PSOCKADDR_IN6)a);
  } else {
    IN4ADDR_SETLOOPBACK((PSOCKADDR_IN)a);
  }
}
/* The port, in network order. */
PORTRES_COMPAT_INLINE USHORT INETADDR_PORT(const SOCKADDR* a) {
  return a->sa_family == AF_INET6 ? ((const SOCKADDR_IN6*)a)->sin6_port
                                  : ((const SOCKADDR_IN*)a)->sin_port;
}
PORTRES_COMPAT_INLINE void INETADDR_SET_PORT(PSOCKADDR a, USHORT port) {
  if (a->sa_family == AF_INET6) {
    ((PSOCKADDR_IN6)a)->sin6_port = port;
  } else {
    ((PSOCKADDR_IN)a)->sin_port = port;
  }
}
/* The address bytes (4 or 16, network order). */
PORTRES_COMPAT_INLINE const UCHAR* INETADDR_ADDRESS(const SOCKADDR* a) {
  return a->sa_family == AF_INET6
             ? ((const SOCKADDR_IN6*)a)->sin6_addr.u.Byte
             : (const UCHAR*)&((const SOCKADDR_IN*)a)->sin_addr;
}

#ifdef __cplusplus
}
#endif

PORTRES_COMPAT_API_END

#endif /* PORTRES_COMPAT_MSTCPIP_H_ */
