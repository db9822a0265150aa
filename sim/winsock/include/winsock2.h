// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: winsock2.h
 *
 * portres's stand-in for <winsock2.h> on non-Windows hosts: Windows' socket
 * types, constants and error numbers, and the Winsock functions the
 * port-reservation family needs, running against the process-wide simulated
 * host of portres_sim.h.
 *
 * Covered: WSAStartup/WSACleanup, WSAGetLastError/WSASetLastError, socket,
 * WSASocketW, bind, getsockname, closesocket, ioctlsocket(FIONBIO), WSAIoctl
 * (the three port-reservation codes), WSAGetOverlappedResult, WSA events and
 * WSAWaitForMultipleEvents, htons/ntohs/htonl/ntohl. Not covered: data
 * transfer (send/recv/connect/listen/accept), name resolution, socket options.
 *
 * Example:
 *   WSADATA data;
 *   WSAStartup(MAKEWORD(2, 2), &data);
 *   SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
 *
 * Thread safety: every function may be called from any thread; the last
 * error is per thread, as on Windows.
 */
#ifndef PORTRES_COMPAT_WINSOCK2_H_
#define PORTRES_COMPAT_WINSOCK2_H_

#include "portres_windows.h"

/* The host's C library already defines u_char, u_short and u_long (through
 * <stdlib.h> with _DEFAULT_SOURCE); reuse them. Unlike Windows, u_long is 64
 * bits on LP64 hosts, so byte-order helpers take ULONG instead. */
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef UINT_PTR SOCKET;
typedef USHORT ADDRESS_FAMILY;
typedef unsigned int GROUP;
typedef HANDLE WSAEVENT;
typedef WSAEVENT* LPWSAEVENT;

#define INVALID_SOCKET ((SOCKET)(~0))
#define SOCKET_ERROR (-1)

/* Address families, socket types and protocols with Windows' values. */
#define AF_UNSPEC 0
#define AF_INET 2
#define AF_INET6 23
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_RDM 4
#define SOCK_SEQPACKET 5
#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_ICMPV6 58
#define IPPROTO_RAW 255

#define INADDR_ANY ((ULONG)0x00000000)
#define INADDR_LOOPBACK 0x7f000001

typedef struct in_addr {
  union {
    struct {
      UCHAR s_b1, s_b2, s_b3, s_b4;
    } S_un_b;
    struct {
      USHORT s_w1, s_w2;
    } S_un_w;
    ULONG S_addr;
  } S_un;
} IN_ADDR, *PIN_ADDR;
#define s_addr S_un.S_addr

typedef struct sockaddr {
  ADDRESS_FAMILY sa_family;
  CHAR sa_data[14];
} SOCKADDR, *PSOCKADDR, *LPSOCKADDR;

typedef struct sockaddr_in {
  ADDRESS_FAMILY sin_family;
  USHORT sin_port; /* network byte order */
  IN_ADDR sin_addr;
  CHAR sin_zero[8];
} SOCKADDR_IN, *PSOCKADDR_IN;

#define WSADESCRIPTION_LEN 256
#define WSASYS_STATUS_LEN 128
typedef struct WSAData {
  WORD wVersion;
  WORD wHighVersion;
  unsigned short iMaxSockets;
  unsigned short iMaxUdpDg;
  char* lpVendorInfo;
  char szDescription[WSADESCRIPTION_LEN + 1];
  char szSystemStatus[WSASYS_STATUS_LEN + 1];
} WSADATA, *LPWSADATA;

typedef struct _WSAOVERLAPPED {
  ULONG_PTR Internal;     /* completion status (a WSA code, 0 on success) */
  ULONG_PTR InternalHigh; /* bytes transferred */
  DWORD Offset;
  DWORD OffsetHigh;
  WSAEVENT hEvent;
} WSAOVERLAPPED, *LPWSAOVERLAPPED, OVERLAPPED, *LPOVERLAPPED;

typedef void(CALLBACK* LPWSAOVERLAPPED_COMPLETION_ROUTINE)(
    DWORD dwError, DWORD cbTransferred, LPWSAOVERLAPPED lpOverlapped,
    DWORD dwFlags);

typedef struct _WSAPROTOCOL_INFOW WSAPROTOCOL_INFOW, *LPWSAPROTOCOL_INFOW;

#define WSA_FLAG_OVERLAPPED 0x01
#define FIONBIO 0x8004667Eu

/* Winsock error codes (WSAGetLastError), spec §1.3. */
#define WSABASEERR 10000
#define WSA_INVALID_HANDLE 6L
#define WSA_INVALID_PARAMETER 87L
#define WSA_OPERATION_ABORTED 995L
#define WSA_IO_INCOMPLETE 996L
#define WSA_IO_PENDING 997L
#define WSAEINTR 10004L
#define WSAEACCES 10013L
#define WSAEFAULT 10014L
#define WSAEINVAL 10022L
#define WSAEWOULDBLOCK 10035L
#define WSAEINPROGRESS 10036L
#define WSAENOTSOCK 10038L
#define WSAEPROTOTYPE 10041L
#define WSAENOPROTOOPT 10042L
#define WSAEPROTONOSUPPORT 10043L
#define WSAESOCKTNOSUPPORT 10044L
#define WSAEOPNOTSUPP 10045L
#define WSAEAFNOSUPPORT 10047L
#define WSAEADDRINUSE 10048L
#define WSAEADDRNOTAVAIL 10049L
#define WSAENETDOWN 10050L
#define WSAENOBUFS 10055L
#define WSAVERNOTSUPPORTED 10092L
#define WSANOTINITIALISED 10093L

/* WSAWaitForMultipleEvents results. */
#define WSA_INVALID_EVENT ((WSAEVENT)NULL)
#define WSA_WAIT_EVENT_0 0u
#define WSA_WAIT_IO_COMPLETION 0xC0u
#define WSA_WAIT_TIMEOUT 0x102u
#define WSA_WAIT_FAILED 0xFFFFFFFFu
#define WSA_INFINITE INFINITE
#define WSA_MAXIMUM_WAIT_EVENTS 64

int WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData);
int WSACleanup(void);
int WSAGetLastError(void);
void WSASetLastError(int iError);
int closesocket(SOCKET s);
int ioctlsocket(SOCKET s, long cmd, u_long* argp);
SOCKET WSASocketW(int af, int type, int protocol,
                  LPWSAPROTOCOL_INFOW lpProtocolInfo, GROUP g, DWORD dwFlags);
int WSAIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer,
             DWORD cbInBuffer, LPVOID lpvOutBuffer, DWORD cbOutBuffer,
             LPDWORD lpcbBytesReturned, LPWSAOVERLAPPED lpOverlapped,
             LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
BOOL WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED lpOverlapped,
                            LPDWORD lpcbTransfer, BOOL fWait,
                            LPDWORD lpdwFlags);
WSAEVENT WSACreateEvent(void);
BOOL WSACloseEvent(WSAEVENT hEvent);
BOOL WSASetEvent(WSAEVENT hEvent);
BOOL WSAResetEvent(WSAEVENT hEvent);
DWORD WSAWaitForMultipleEvents(DWORD cEvents, const WSAEVENT* lphEvents,
                               BOOL fWaitAll, DWORD dwTimeout,
                               BOOL fAlertable);

/* socket, bind and getsockname share their names with the host C library's
 * BSD functions, so they are provided under portres_ names: C++ sees inline
 * functions of the Windows names (no symbol clash), C sees macros. */
SOCKET portres_socket(int af, int type, int protocol);
int portres_bind(SOCKET s, const struct sockaddr* name, int namelen);
int portres_getsockname(SOCKET s, struct sockaddr* name, int* namelen);

static inline u_short portres_swap16(u_short v) {
  return (u_short)((v >> 8) | (v << 8));
}
static inline ULONG portres_swap32(ULONG v) {
  return ((v & 0xffu) << 24) | ((v & 0xff00u) << 8) | ((v >> 8) & 0xff00u) |
         ((v >> 24) & 0xffu);
}

#ifdef __cplusplus
} /* extern "C" */
inline SOCKET socket(int af, int type, int protocol) {
  return portres_socket(af, type, protocol);
}
inline int bind(SOCKET s, const sockaddr* name, int namelen) {
  return portres_bind(s, name, namelen);
}
inline int getsockname(SOCKET s, sockaddr* name, int* namelen) {
  return portres_getsockname(s, name, namelen);
}
inline u_short htons(u_short v) { return portres_swap16(v); }
inline u_short ntohs(u_short v) { return portres_swap16(v); }
inline ULONG htonl(ULONG v) { return portres_swap32(v); }
inline ULONG ntohl(ULONG v) { return portres_swap32(v); }
#else
#define socket portres_socket
#define bind portres_bind
#define getsockname portres_getsockname
#define htons portres_swap16
#define ntohs portres_swap16
#define htonl portres_swap32
#define ntohl portres_swap32
#endif

#endif /* PORTRES_COMPAT_WINSOCK2_H_ */
