// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: mswsock.h
 *
 * portres's stand-in for <mswsock.h>'s connection extensions (docs §22,
 * DP40): AcceptEx and GetAcceptExSockaddrs, also exported by name as
 * mswsock.lib exports them, and ConnectEx, which Windows hands out only
 * through WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER) with its WSAID; so do
 * the other two. SO_UPDATE_ACCEPT_CONTEXT and SO_UPDATE_CONNECT_CONTEXT are
 * accepted by setsockopt.
 *
 * Example:
 *   GUID id = WSAID_CONNECTEX;
 *   LPFN_CONNECTEX connect_ex = NULL;
 *   DWORD bytes = 0;
 *   WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof(id),
 *            &connect_ex, sizeof(connect_ex), &bytes, NULL, NULL);
 *
 * Thread safety: as the Winsock functions.
 */
#ifndef PORTRES_COMPAT_MSWSOCK_H_
#define PORTRES_COMPAT_MSWSOCK_H_

#include "portres/export.h"
#include "portres_winsock2.h"

/* What follows is exported by a shared portres_compat (portres/export.h). */
PORTRES_COMPAT_API_BEGIN
#ifdef __cplusplus
extern "C" {
#endif

#define SO_UPDATE_ACCEPT_CONTEXT 0x700B
#define SO_UPDATE_CONNECT_CONTEXT 0x7010

#define WSAID_ACCEPTEX \
  {0xb5367df1, 0xcbac, 0x11cf, {0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92}}
#define WSAID_GETACCEPTEXSOCKADDRS \
  {0xb5367df2, 0xcbac, 0x11cf, {0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92}}
#define WSAID_CONNECTEX \
  {0x25a207b9, 0xddf3, 0x4660, {0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e}}

typedef BOOL(PASCAL* LPFN_ACCEPTEX)(SOCKET sListenSocket, SOCKET sAcceptSocket,
                                     PVOID lpOutputBuffer,
                                     DWORD dwReceiveDataLength,
                                     DWORD dwLocalAddressLength,
                                     DWORD dwRemoteAddressLength,
                                     LPDWORD lpdwBytesReceived,
                                     LPOVERLAPPED lpOverlapped);
typedef void(PASCAL* LPFN_GETACCEPTEXSOCKADDRS)(
    PVOID lpOutputBuffer, DWORD dwReceiveDataLength,
    DWORD dwLocalAddressLength, DWORD dwRemoteAddressLength,
    struct sockaddr** LocalSockaddr, LPINT LocalSockaddrLength,
    struct sockaddr** RemoteSockaddr, LPINT RemoteSockaddrLength);
typedef BOOL(PASCAL* LPFN_CONNECTEX)(SOCKET s, const struct sockaddr* name,
                                      int namelen, PVOID lpSendBuffer,
                                      DWORD dwSendDataLength,
                                      LPDWORD lpdwBytesSent,
                                      LPOVERLAPPED lpOverlapped);

/* Accepts a connection of sListenSocket into sAcceptSocket (a fresh socket),
 * then waits for the first dwReceiveDataLength bytes if that is not 0; the
 * bytes, then this side's and the peer's addresses (each block 16 bytes more
 * than the family's address), go to lpOutputBuffer. Completes at once (TRUE)
 * when a connection waits, else pends (FALSE, ERROR_IO_PENDING). */
BOOL AcceptEx(SOCKET sListenSocket, SOCKET sAcceptSocket, PVOID lpOutputBuffer,
              DWORD dwReceiveDataLength, DWORD dwLocalAddressLength,
              DWORD dwRemoteAddressLength, LPDWORD lpdwBytesReceived,
              LPOVERLAPPED lpOverlapped);
/* The two addresses in an AcceptEx output buffer. */
void GetAcceptExSockaddrs(PVOID lpOutputBuffer, DWORD dwReceiveDataLength,
                          DWORD dwLocalAddressLength,
                          DWORD dwRemoteAddressLength,
                          struct sockaddr** LocalSockaddr,
                          LPINT LocalSockaddrLength,
                          struct sockaddr** RemoteSockaddr,
                          LPINT RemoteSockaddrLength);

#ifdef __cplusplus
}
#endif

PORTRES_COMPAT_API_END

#endif /* PORTRES_COMPAT_MSWSOCK_H_ */
