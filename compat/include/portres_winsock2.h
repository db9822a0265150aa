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
 * WSASocketA/W (and WSASocket), bind with Windows' address rules,
 * getsockname, setsockopt/getsockopt for the options that decide binding,
 * closesocket, ioctlsocket(FIONBIO), WSAIoctl (the three port-reservation
 * codes and SIO_CPU_AFFINITY), WSAGetOverlappedResult, WSA events and
 * WSAWaitForMultipleEvents, inet_addr/inet_ntoa, htons/ntohs/htonl/ntohl.
 * The data path between this machine's sockets (docs §22): listen, accept,
 * connect, send, recv, sendto, recvfrom, shutdown, getpeername, select with
 * Windows' fd_set, WSAPoll, ioctlsocket(FIONREAD), SO_RCVTIMEO, SO_SNDTIMEO,
 * SO_LINGER/SO_DONTLINGER and SO_ERROR.
 * Not covered: I/O completion ports, WSAEventSelect, out-of-band data.
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

#include "portres_ws2def.h"

/* u_char, u_short, u_int and u_long: the host's C library defines them
 * (<sys/types.h>, which <stdlib.h> pulls in under _DEFAULT_SOURCE) as
 * `unsigned long` for u_long, 64 bits on LP64 hosts; Windows' u_long is 32
 * bits. A second, different typedef would not compile next to any C library
 * header, so portres keeps the host's and documents the difference (README,
 * "Win32 code on Linux"): ioctlsocket's argp works either way, and the
 * byte-order helpers and IN_ADDR use the 32-bit ULONG. Under strict ISO C
 * the C library leaves them out, so they are defined here, the same way, and
 * marked defined as glibc marks them. */
#include <sys/types.h>
#ifndef __u_char_defined
typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
#define __u_char_defined
#endif

/* Windows' fd_set is an array of SOCKETs with a count, FD_SETSIZE (64 unless
 * the program defines it before this header) long; the C library's is a
 * bitmap of descriptors. The C library's <sys/select.h> is included first,
 * so its names are taken before fd_set, select and FD_* are redirected to
 * Windows' (below): no Windows program reaches the C library's select. */
#if defined(FD_SETSIZE) && !(defined(__FD_SETSIZE) && FD_SETSIZE == __FD_SETSIZE)
enum { portres_fd_setsize = FD_SETSIZE };
#define PORTRES_PROGRAM_FD_SETSIZE 1
#endif
#undef FD_SETSIZE
#include <sys/select.h>
/* Likewise <unistd.h>, which declares the C library's gethostname: once it
 * is in, `gethostname` below can be redirected to Windows' (DP41) whatever
 * the program includes later (<thread> and <mutex> bring it in C++). */
#include <unistd.h>
#undef FD_SETSIZE
#undef FD_SET
#undef FD_CLR
#undef FD_ISSET
#undef FD_ZERO
#ifdef PORTRES_PROGRAM_FD_SETSIZE
#define FD_SETSIZE portres_fd_setsize
#else
#define FD_SETSIZE 64
#endif

#include "portres/export.h"

/* What follows is exported by a shared portres_compat (portres/export.h). */
PORTRES_COMPAT_API_BEGIN
#ifdef __cplusplus
extern "C" {
#endif

typedef UINT_PTR SOCKET;
typedef unsigned int GROUP;
typedef HANDLE WSAEVENT;
typedef WSAEVENT* LPWSAEVENT;

#define INVALID_SOCKET ((SOCKET)(~0))
#define SOCKET_ERROR (-1)

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

/* Provider descriptions are outside the simulation: WSASocketA/W take only
 * NULL (an incomplete type, so no one fills one in by mistake). */
typedef struct _WSAPROTOCOL_INFOA WSAPROTOCOL_INFOA, *LPWSAPROTOCOL_INFOA;
typedef struct _WSAPROTOCOL_INFOW WSAPROTOCOL_INFOW, *LPWSAPROTOCOL_INFOW;

#define WSA_FLAG_OVERLAPPED 0x01
#define FIONBIO 0x8004667Eu

/* Winsock's names for Win32 codes (the WSAE* codes are in <winerror.h>). */
#define WSA_INVALID_HANDLE (ERROR_INVALID_HANDLE)
#define WSA_INVALID_PARAMETER (ERROR_INVALID_PARAMETER)
#define WSA_NOT_ENOUGH_MEMORY (ERROR_NOT_ENOUGH_MEMORY)
#define WSA_OPERATION_ABORTED (ERROR_OPERATION_ABORTED)
#define WSA_IO_INCOMPLETE (ERROR_IO_INCOMPLETE)
#define WSA_IO_PENDING (ERROR_IO_PENDING)

/* WSAWaitForMultipleEvents results. */
#define WSA_INVALID_EVENT ((WSAEVENT)NULL)
#define WSA_WAIT_EVENT_0 0u
#define WSA_WAIT_IO_COMPLETION 0xC0u
#define WSA_WAIT_TIMEOUT 0x102u
#define WSA_WAIT_FAILED 0xFFFFFFFFu
#define WSA_INFINITE INFINITE
#define WSA_MAXIMUM_WAIT_EVENTS 64

/* The data path (docs §22): connections and datagrams between this
 * machine's sockets, kept in memory. */
#define FIONREAD 0x4004667Fu
#define SOMAXCONN 0x7fffffff
#define SOMAXCONN_HINT(b) (-(b))
#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_DONTROUTE 0x4
#define MSG_WAITALL 0x8
#define SD_RECEIVE 0x00
#define SD_SEND 0x01
#define SD_BOTH 0x02
#define SO_SNDTIMEO 0x1005
#define SO_RCVTIMEO 0x1006
#define TCP_NODELAY 0x0001

typedef struct linger {
  u_short l_onoff;
  u_short l_linger;
} LINGER, *PLINGER, *LPLINGER;

#define fd_set portres_fd_set
typedef struct portres_fd_set {
  u_int fd_count;
  SOCKET fd_array[FD_SETSIZE];
} portres_fd_set, FD_SET, *PFD_SET, *LPFD_SET;
typedef struct timeval TIMEVAL, *PTIMEVAL, *LPTIMEVAL;

/* Nonzero if `fd` is in `set` (FD_ISSET). */
int __WSAFDIsSet(SOCKET fd, fd_set* set);
#define FD_ISSET(fd, set) __WSAFDIsSet((SOCKET)(fd), (fd_set*)(set))
#define FD_ZERO(set) (((fd_set*)(set))->fd_count = 0)
#define FD_SET(fd, set)                                              \
  do {                                                               \
    u_int portres_i_;                                                \
    for (portres_i_ = 0; portres_i_ < ((fd_set*)(set))->fd_count;    \
         ++portres_i_) {                                             \
      if (((fd_set*)(set))->fd_array[portres_i_] == (SOCKET)(fd)) {  \
        break;                                                       \
      }                                                              \
    }                                                                \
    if (portres_i_ == ((fd_set*)(set))->fd_count &&                  \
        ((fd_set*)(set))->fd_count < FD_SETSIZE) {                   \
      ((fd_set*)(set))->fd_array[portres_i_] = (SOCKET)(fd);         \
      ((fd_set*)(set))->fd_count++;                                  \
    }                                                                \
  } while (0)
#define FD_CLR(fd, set)                                                   \
  do {                                                                    \
    u_int portres_i_;                                                     \
    for (portres_i_ = 0; portres_i_ < ((fd_set*)(set))->fd_count;         \
         ++portres_i_) {                                                  \
      if (((fd_set*)(set))->fd_array[portres_i_] == (SOCKET)(fd)) {       \
        while (portres_i_ < ((fd_set*)(set))->fd_count - 1) {             \
          ((fd_set*)(set))->fd_array[portres_i_] =                        \
              ((fd_set*)(set))->fd_array[portres_i_ + 1];                 \
          portres_i_++;                                                   \
        }                                                                 \
        ((fd_set*)(set))->fd_count--;                                     \
        break;                                                            \
      }                                                                   \
    }                                                                     \
  } while (0)

/* WSAPoll's descriptor and flags, with Windows' values. */
#undef POLLRDNORM
#undef POLLRDBAND
#undef POLLIN
#undef POLLPRI
#undef POLLWRNORM
#undef POLLOUT
#undef POLLWRBAND
#undef POLLERR
#undef POLLHUP
#undef POLLNVAL
#define POLLRDNORM 0x0100
#define POLLRDBAND 0x0200
#define POLLIN (POLLRDNORM | POLLRDBAND)
#define POLLPRI 0x0400
#define POLLWRNORM 0x0010
#define POLLOUT (POLLWRNORM)
#define POLLWRBAND 0x0020
#define POLLERR 0x0001
#define POLLHUP 0x0002
#define POLLNVAL 0x0004
typedef struct pollfd {
  SOCKET fd;
  SHORT events;
  SHORT revents;
} WSAPOLLFD, *PWSAPOLLFD, *LPWSAPOLLFD;
int WSAPoll(LPWSAPOLLFD fdArray, ULONG fds, INT timeout);

/* WSAAccept's condition function and WSAConnect's buffers. Quality of
 * service is outside the simulation: QOS is incomplete, only NULL passes. */
typedef struct _WSABUF {
  ULONG len;
  CHAR* buf;
} WSABUF, *LPWSABUF;
typedef struct _QualityOfService QOS, *LPQOS;
#define CF_ACCEPT 0x0000
#define CF_REJECT 0x0001
#define CF_DEFER 0x0002
typedef int(CALLBACK* LPCONDITIONPROC)(LPWSABUF lpCallerId,
                                       LPWSABUF lpCallerData, LPQOS lpSQOS,
                                       LPQOS lpGQOS, LPWSABUF lpCalleeId,
                                       LPWSABUF lpCalleeData, GROUP* g,
                                       DWORD_PTR dwCallbackData);
/* accept, first asking `lpfnCondition` (if any) about the caller: CF_ACCEPT
 * accepts, CF_REJECT resets the connection (WSAECONNREFUSED), CF_DEFER
 * leaves it queued (WSATRY_AGAIN). */
SOCKET WSAAccept(SOCKET s, struct sockaddr* addr, LPINT addrlen,
                 LPCONDITIONPROC lpfnCondition, DWORD_PTR dwCallbackData);
/* connect; connect data and quality of service are not supported by TCP/IP
 * (WSAEOPNOTSUPP unless NULL or empty). */
int WSAConnect(SOCKET s, const struct sockaddr* name, int namelen,
               LPWSABUF lpCallerData, LPWSABUF lpCalleeData, LPQOS lpSQOS,
               LPQOS lpGQOS);

/* Network events (docs §22, DP33): WSAEventSelect records them and signals
 * an event object; WSAEnumNetworkEvents reads and clears the record. */
#define FD_READ_BIT 0
#define FD_READ (1 << FD_READ_BIT)
#define FD_WRITE_BIT 1
#define FD_WRITE (1 << FD_WRITE_BIT)
#define FD_OOB_BIT 2
#define FD_OOB (1 << FD_OOB_BIT)
#define FD_ACCEPT_BIT 3
#define FD_ACCEPT (1 << FD_ACCEPT_BIT)
#define FD_CONNECT_BIT 4
#define FD_CONNECT (1 << FD_CONNECT_BIT)
#define FD_CLOSE_BIT 5
#define FD_CLOSE (1 << FD_CLOSE_BIT)
#define FD_QOS_BIT 6
#define FD_QOS (1 << FD_QOS_BIT)
#define FD_GROUP_QOS_BIT 7
#define FD_GROUP_QOS (1 << FD_GROUP_QOS_BIT)
#define FD_ROUTING_INTERFACE_CHANGE_BIT 8
#define FD_ROUTING_INTERFACE_CHANGE (1 << FD_ROUTING_INTERFACE_CHANGE_BIT)
#define FD_ADDRESS_LIST_CHANGE_BIT 9
#define FD_ADDRESS_LIST_CHANGE (1 << FD_ADDRESS_LIST_CHANGE_BIT)
#define FD_MAX_EVENTS 10
#define FD_ALL_EVENTS ((1 << FD_MAX_EVENTS) - 1)
typedef struct _WSANETWORKEVENTS {
  long lNetworkEvents;
  int iErrorCode[FD_MAX_EVENTS];
} WSANETWORKEVENTS, *LPWSANETWORKEVENTS;
int WSAEventSelect(SOCKET s, WSAEVENT hEventObject, long lNetworkEvents);
int WSAEnumNetworkEvents(SOCKET s, WSAEVENT hEventObject,
                         LPWSANETWORKEVENTS lpNetworkEvents);

int WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData);
int WSACleanup(void);
int WSAGetLastError(void);
void WSASetLastError(int iError);
int closesocket(SOCKET s);
int ioctlsocket(SOCKET s, long cmd, u_long* argp);
SOCKET WSASocketW(int af, int type, int protocol,
                  LPWSAPROTOCOL_INFOW lpProtocolInfo, GROUP g, DWORD dwFlags);
SOCKET WSASocketA(int af, int type, int protocol,
                  LPWSAPROTOCOL_INFOA lpProtocolInfo, GROUP g, DWORD dwFlags);
#ifdef UNICODE
#define WSASocket WSASocketW
#else
#define WSASocket WSASocketA
#endif
int WSAIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer,
             DWORD cbInBuffer, LPVOID lpvOutBuffer, DWORD cbOutBuffer,
             LPDWORD lpcbBytesReturned, LPWSAOVERLAPPED lpOverlapped,
             LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
/* WSAIoctl's code for an extension function's pointer (<mswsock.h>'s
 * AcceptEx, ConnectEx, GetAcceptExSockaddrs), by the GUID naming it. */
#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
  DWORD Data1;
  WORD Data2;
  WORD Data3;
  BYTE Data4[8];
} GUID;
#endif
#define SIO_GET_EXTENSION_FUNCTION_POINTER 0xC8000006u

/* Scatter/gather send and receive (docs §22, DP39): blocking, non-blocking,
 * and overlapped with an event or a completion routine. */
int WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
            LPDWORD lpNumberOfBytesSent, DWORD dwFlags,
            LPWSAOVERLAPPED lpOverlapped,
            LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
int WSARecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
            LPDWORD lpNumberOfBytesRecvd, LPDWORD lpFlags,
            LPWSAOVERLAPPED lpOverlapped,
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

/* socket, bind, getsockname, setsockopt, getsockopt, inet_addr and
 * inet_ntoa share their names with the host C library's BSD functions, so
 * they are provided under portres_ names: C++ sees inline functions of the
 * Windows names (no symbol clash), C sees macros. */
SOCKET portres_socket(int af, int type, int protocol);
int portres_bind(SOCKET s, const struct sockaddr* name, int namelen);
int portres_getsockname(SOCKET s, struct sockaddr* name, int* namelen);
/* Options that decide binding: SO_REUSEADDR, SO_EXCLUSIVEADDRUSE (both
 * SOL_SOCKET, BOOL-sized, before bind), IPV6_V6ONLY (IPPROTO_IPV6, AF_INET6
 * sockets, before bind; default TRUE) and, for getsockopt, SO_TYPE. Other
 * options answer WSAENOPROTOOPT: the simulation has no data path for them
 * to act on. */
int portres_setsockopt(SOCKET s, int level, int optname, const char* optval,
                       int optlen);
int portres_getsockopt(SOCKET s, int level, int optname, char* optval,
                       int* optlen);
int portres_listen(SOCKET s, int backlog);
SOCKET portres_accept(SOCKET s, struct sockaddr* addr, int* addrlen);
int portres_connect(SOCKET s, const struct sockaddr* name, int namelen);
/* The simulated machine's host name (docs §22, DP41): the name of the host
 * it runs on, up to its first dot. WSAEFAULT if `name` cannot hold it and
 * its terminator. gethostname is also the C library's name (with a size_t
 * length): <unistd.h> is included above and gethostname is a macro for
 * this one, in C and C++. */
int portres_gethostname(char* name, int namelen);
/* The same name in UTF-16: WSAEFAULT if `name` cannot hold it. */
int GetHostNameW(PWSTR name, int namelen);
int portres_send(SOCKET s, const char* buf, int len, int flags);
int portres_recv(SOCKET s, char* buf, int len, int flags);
int portres_sendto(SOCKET s, const char* buf, int len, int flags,
                   const struct sockaddr* to, int tolen);
int portres_recvfrom(SOCKET s, char* buf, int len, int flags,
                     struct sockaddr* from, int* fromlen);
int portres_shutdown(SOCKET s, int how);
int portres_getpeername(SOCKET s, struct sockaddr* name, int* namelen);
/* nfds is ignored, as on Windows. */
int portres_select(int nfds, fd_set* readfds, fd_set* writefds,
                   fd_set* exceptfds, const struct timeval* timeout);
#define select portres_select
/* Dotted-quad text to an IPv4 address in network order; INADDR_NONE when
 * the text is not one (the Windows Vista and later rules: four decimal,
 * octal or hexadecimal parts, or fewer with the last filling the rest). */
ULONG portres_inet_addr(const char* cp);
/* The dotted-quad text of `in`, in a per-thread buffer. */
char* portres_inet_ntoa(struct in_addr in);

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
inline int setsockopt(SOCKET s, int level, int optname, const char* optval,
                      int optlen) {
  return portres_setsockopt(s, level, optname, optval, optlen);
}
inline int getsockopt(SOCKET s, int level, int optname, char* optval,
                      int* optlen) {
  return portres_getsockopt(s, level, optname, optval, optlen);
}
inline int listen(SOCKET s, int backlog) { return portres_listen(s, backlog); }
inline SOCKET accept(SOCKET s, sockaddr* addr, int* addrlen) {
  return portres_accept(s, addr, addrlen);
}
inline int connect(SOCKET s, const sockaddr* name, int namelen) {
  return portres_connect(s, name, namelen);
}
inline int send(SOCKET s, const char* buf, int len, int flags) {
  return portres_send(s, buf, len, flags);
}
inline int recv(SOCKET s, char* buf, int len, int flags) {
  return portres_recv(s, buf, len, flags);
}
inline int sendto(SOCKET s, const char* buf, int len, int flags,
                  const sockaddr* to, int tolen) {
  return portres_sendto(s, buf, len, flags, to, tolen);
}
inline int recvfrom(SOCKET s, char* buf, int len, int flags, sockaddr* from,
                    int* fromlen) {
  return portres_recvfrom(s, buf, len, flags, from, fromlen);
}
inline int shutdown(SOCKET s, int how) { return portres_shutdown(s, how); }
inline int getpeername(SOCKET s, sockaddr* name, int* namelen) {
  return portres_getpeername(s, name, namelen);
}
inline ULONG inet_addr(const char* cp) { return portres_inet_addr(cp); }
inline char* inet_ntoa(in_addr in) { return portres_inet_ntoa(in); }
inline u_short htons(u_short v) { return portres_swap16(v); }
inline u_short ntohs(u_short v) { return portres_swap16(v); }
inline ULONG htonl(ULONG v) { return portres_swap32(v); }
inline ULONG ntohl(ULONG v) { return portres_swap32(v); }
#else
#define socket portres_socket
#define bind portres_bind
#define getsockname portres_getsockname
#define listen portres_listen
#define accept portres_accept
#define connect portres_connect
#define send portres_send
#define recv portres_recv
#define sendto portres_sendto
#define recvfrom portres_recvfrom
#define shutdown portres_shutdown
#define getpeername portres_getpeername
#define setsockopt portres_setsockopt
#define getsockopt portres_getsockopt
#define inet_addr portres_inet_addr
#define inet_ntoa portres_inet_ntoa
#define htons portres_swap16
#define ntohs portres_swap16
#define htonl portres_swap32
#define ntohl portres_swap32
#endif
#define gethostname portres_gethostname

PORTRES_COMPAT_API_END

#endif /* PORTRES_COMPAT_WINSOCK2_H_ */
