// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "compat/system_messages.h"

#include <algorithm>

namespace portres::compat::internal {
namespace {

// Windows' English message text for each code <winerror.h> defines, as
// FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM) gives it (without the trailing
// CR LF, which FormatMessage appends). Source: Microsoft's "System Error
// Codes" pages (0-499, 500-999, 1000-1299, 1300-1699, 9000-11999), which
// list each code's message. Sorted by code.
constexpr SystemMessage kMessages[] = {
    {0, "The operation completed successfully."},  // ERROR_SUCCESS
    {1, "Incorrect function."},  // ERROR_INVALID_FUNCTION
    {2, "The system cannot find the file specified."},  // ERROR_FILE_NOT_FOUND
    {5, "Access is denied."},  // ERROR_ACCESS_DENIED
    {6, "The handle is invalid."},  // ERROR_INVALID_HANDLE
    {8, "Not enough memory resources are available to process this command."},  // ERROR_NOT_ENOUGH_MEMORY
    {13, "The data is invalid."},  // ERROR_INVALID_DATA
    {14, "Not enough storage is available to complete this operation."},  // ERROR_OUTOFMEMORY
    {32, "The process cannot access the file because it is being used by another process."},  // ERROR_SHARING_VIOLATION
    {50, "The request is not supported."},  // ERROR_NOT_SUPPORTED
    {87, "The parameter is incorrect."},  // ERROR_INVALID_PARAMETER
    {111, "The file name is too long."},  // ERROR_BUFFER_OVERFLOW
    {120, "This function is not supported on this system."},  // ERROR_CALL_NOT_IMPLEMENTED
    {122, "The data area passed to a system call is too small."},  // ERROR_INSUFFICIENT_BUFFER
    {126, "The specified module could not be found."},  // ERROR_MOD_NOT_FOUND
    {127, "The specified procedure could not be found."},  // ERROR_PROC_NOT_FOUND
    {183, "Cannot create a file when that file already exists."},  // ERROR_ALREADY_EXISTS
    {232, "The pipe is being closed."},  // ERROR_NO_DATA
    {234, "More data is available."},  // ERROR_MORE_DATA
    {258, "The wait operation timed out."},  // WAIT_TIMEOUT
    {317, "The system cannot find message text for message number 0x%1 in the message file for %2."},  // ERROR_MR_MID_NOT_FOUND
    {995, "The I/O operation has been aborted because of either a thread exit or an application request."},  // ERROR_OPERATION_ABORTED
    {996, "Overlapped I/O event is not in a signaled state."},  // ERROR_IO_INCOMPLETE
    {997, "Overlapped I/O operation is in progress."},  // ERROR_IO_PENDING
    {998, "Invalid access to memory location."},  // ERROR_NOACCESS
    {1004, "Invalid flags."},  // ERROR_INVALID_FLAGS
    {1168, "Element not found."},  // ERROR_NOT_FOUND
    {1460, "This operation returned because the timeout period expired."},  // ERROR_TIMEOUT
    {10004, "A blocking operation was interrupted by a call to WSACancelBlockingCall."},  // WSAEINTR
    {10009, "The file handle supplied is not valid."},  // WSAEBADF
    {10013, "An attempt was made to access a socket in a way forbidden by its access permissions."},  // WSAEACCES
    {10014, "The system detected an invalid pointer address in attempting to use a pointer argument in a call."},  // WSAEFAULT
    {10022, "An invalid argument was supplied."},  // WSAEINVAL
    {10024, "Too many open sockets."},  // WSAEMFILE
    {10035, "A non-blocking socket operation could not be completed immediately."},  // WSAEWOULDBLOCK
    {10036, "A blocking operation is currently executing."},  // WSAEINPROGRESS
    {10037, "An operation was attempted on a non-blocking socket that already had an operation in progress."},  // WSAEALREADY
    {10038, "An operation was attempted on something that is not a socket."},  // WSAENOTSOCK
    {10039, "A required address was omitted from an operation on a socket."},  // WSAEDESTADDRREQ
    {10040, "A message sent on a datagram socket was larger than the internal message buffer or some other network limit, or the buffer used to receive a datagram into was smaller than the datagram itself."},  // WSAEMSGSIZE
    {10041, "A protocol was specified in the socket function call that does not support the semantics of the socket type requested."},  // WSAEPROTOTYPE
    {10042, "An unknown, invalid, or unsupported option or level was specified in a getsockopt or setsockopt call."},  // WSAENOPROTOOPT
    {10043, "The requested protocol has not been configured into the system, or no implementation for it exists."},  // WSAEPROTONOSUPPORT
    {10044, "The support for the specified socket type does not exist in this address family."},  // WSAESOCKTNOSUPPORT
    {10045, "The attempted operation is not supported for the type of object referenced."},  // WSAEOPNOTSUPP
    {10046, "The protocol family has not been configured into the system or no implementation for it exists."},  // WSAEPFNOSUPPORT
    {10047, "An address incompatible with the requested protocol was used."},  // WSAEAFNOSUPPORT
    {10048, "Only one usage of each socket address (protocol/network address/port) is normally permitted."},  // WSAEADDRINUSE
    {10049, "The requested address is not valid in its context."},  // WSAEADDRNOTAVAIL
    {10050, "A socket operation encountered a dead network."},  // WSAENETDOWN
    {10051, "A socket operation was attempted to an unreachable network."},  // WSAENETUNREACH
    {10052, "The connection has been broken due to keep-alive activity detecting a failure while the operation was in progress."},  // WSAENETRESET
    {10053, "An established connection was aborted by the software in your host machine."},  // WSAECONNABORTED
    {10054, "An existing connection was forcibly closed by the remote host."},  // WSAECONNRESET
    {10055, "An operation on a socket could not be performed because the system lacked sufficient buffer space or because a queue was full."},  // WSAENOBUFS
    {10056, "A connect request was made on an already connected socket."},  // WSAEISCONN
    {10057, "A request to send or receive data was disallowed because the socket is not connected and (when sending on a datagram socket using a sendto call) no address was supplied."},  // WSAENOTCONN
    {10058, "A request to send or receive data was disallowed because the socket had already been shut down in that direction with a previous shutdown call."},  // WSAESHUTDOWN
    {10060, "A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond."},  // WSAETIMEDOUT
    {10061, "No connection could be made because the target machine actively refused it."},  // WSAECONNREFUSED
    {10065, "A socket operation was attempted to an unreachable host."},  // WSAEHOSTUNREACH
    {10091, "WSAStartup cannot function at this time because the underlying system it uses to provide network services is currently unavailable."},  // WSASYSNOTREADY
    {10092, "The Windows Sockets version requested is not supported."},  // WSAVERNOTSUPPORTED
    {10093, "Either the application has not called WSAStartup, or WSAStartup failed."},  // WSANOTINITIALISED
    {10101, "Returned by WSARecv or WSARecvFrom to indicate the remote party has initiated a graceful shutdown sequence."},  // WSAEDISCON
    {10109, "The specified class was not found."},  // WSATYPE_NOT_FOUND
    {11001, "No such host is known."},  // WSAHOST_NOT_FOUND
    {11002, "This is usually a temporary error during hostname resolution and means that the local server did not receive a response from an authoritative server."},  // WSATRY_AGAIN
    {11003, "A non-recoverable error occurred during a database lookup."},  // WSANO_RECOVERY
    {11004, "The requested name is valid, but no data of the requested type was found."},  // WSANO_DATA
};

static_assert(std::is_sorted(std::begin(kMessages), std::end(kMessages),
                             [](const SystemMessage& a, const SystemMessage& b) {
                               return a.code < b.code;
                             }));

}  // namespace

absl::Span<const SystemMessage> SystemMessages() { return kMessages; }

const char* FindSystemMessage(uint32_t code) {
  const SystemMessage* end = std::end(kMessages);
  const SystemMessage* found = std::lower_bound(
      std::begin(kMessages), end, code,
      [](const SystemMessage& m, uint32_t c) { return m.code < c; });
  return found != end && found->code == code ? found->text : nullptr;
}

}  // namespace portres::compat::internal
