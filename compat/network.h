// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The simulated host's data path: TCP connections and UDP datagrams
// between sockets of this program's simulated processes, kept in memory.
//
// Each socket's part lives in its WinsockSocket record (`data`); a TCP
// connection is one Connection shared by its two sockets, so either end can
// close, shut down or reset it while the other still reads what is queued.
// The rules (docs §22, DP1-DP38) are Windows': a connection is established
// when it enters the listener's backlog, before accept; a full backlog or a
// port nobody listens on refuses it; closing with unread data, an abortive
// linger or the end of the process resets it; data sent to a closed socket
// resets it too; a datagram for a port nobody holds comes back as
// WSAECONNRESET on the sender's next receive (ICMP port unreachable).
//
// Thread safety: callers hold CompatState's lock; blocking calls wait on
// its condition variable (WinsockCall::Wait).

#ifndef PORTRES_COMPAT_NETWORK_H_
#define PORTRES_COMPAT_NETWORK_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>

#include "portres/types.h"

namespace portres::compat::internal {

// How much one direction of a connection, or one socket's datagram queue,
// holds: Windows' default SO_RCVBUF (64 KiB) — decision DP17.
inline constexpr size_t kReceiveWindow = 64 * 1024;

// An address and port, host byte order for the port.
struct Endpoint {
  AddressFamily family = AddressFamily::kInet;
  std::array<uint8_t, 16> address{};
  uint16_t port = 0;
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

// Bytes travelling toward one end of a connection, not yet read by it.
class ByteQueue {
 public:
  size_t size() const { return bytes_.size() - consumed_; }
  bool empty() const { return size() == 0; }
  void Append(const char* data, size_t length) { bytes_.append(data, length); }
  // Copies up to `length` bytes to `out`; takes them unless `peek`.
  size_t Read(char* out, size_t length, bool peek);
  void Clear() {
    bytes_.clear();
    consumed_ = 0;
  }

 private:
  std::string bytes_;
  size_t consumed_ = 0;  // read from the front, compacted when all are read
};

// The other end of a connection that is a socket of another program of
// the shared machine (bridge.h). What this end does to the connection is
// sent to it; what it does arrives from it (Connection::remote). Calls
// are made under compat's lock and never block.
class RemoteEnd {
 public:
  virtual ~RemoteEnd() = default;
  // Which side of the connection is this program's.
  virtual int local_side() const = 0;
  virtual void SendData(const char* data, size_t length) = 0;
  virtual void SendConsumed(size_t length) = 0;  // the local side read these
  virtual void SendFin() = 0;
  virtual void SendReceiveShut() = 0;
  virtual void SendClosed() = 0;
  virtual void SendReset() = 0;  // nothing once the other end has reset
};

// One TCP connection. Side 0 is the end that connected, side 1 the end
// accept returned. The flags are each side's; the methods below change
// them and, when the other end is in another program, tell it.
struct Connection {
  std::array<ByteQueue, 2> inbox;      // inbox[side]: not yet read by side
  std::array<bool, 2> fin{};           // side will send no more (FIN)
  std::array<bool, 2> closed{};        // side closed its socket
  std::array<bool, 2> receive_shut{};  // side shut down receiving
  std::array<Endpoint, 2> endpoint;    // each side's own address
  bool reset = false;                  // an RST ended it, for both ends

  // Set when the other side is in another program: its inbox is there, and
  // `remote_unread` counts the bytes sent to it that it has not read yet.
  std::shared_ptr<RemoteEnd> remote;
  size_t remote_unread = 0;

  bool IsRemote(int side) const {
    return remote != nullptr && side != remote->local_side();
  }
  // Bytes sent toward `side` that it has not read.
  size_t Unread(int side) const {
    return IsRemote(side) ? remote_unread : inbox[side].size();
  }
  // Bytes from `side`'s peer toward `side`.
  void Deliver(int side, const char* data, size_t length) {
    if (IsRemote(side)) {
      remote->SendData(data, length);
      remote_unread += length;
    } else {
      inbox[side].Append(data, length);
    }
  }
  // `side` reads (or peeks at) up to `length` of its bytes.
  size_t Take(int side, char* out, size_t length, bool peek) {
    const size_t n = inbox[side].Read(out, length, peek);
    if (remote != nullptr && !peek && n > 0) remote->SendConsumed(n);
    return n;
  }
  void Fin(int side) {
    fin[side] = true;
    if (remote != nullptr) remote->SendFin();
  }
  void ShutReceive(int side) {
    receive_shut[side] = true;
    if (remote != nullptr) remote->SendReceiveShut();
  }
  void Close(int side) {
    closed[side] = true;
    if (remote != nullptr) remote->SendClosed();
  }
  // An RST ends it: neither end reads what the other sent any more.
  void Reset() {
    reset = true;
    inbox[0].Clear();
    inbox[1].Clear();
    remote_unread = 0;
    if (remote != nullptr) remote->SendReset();
  }
};

struct Datagram {
  Endpoint from;
  std::string bytes;
};

// One socket's part of the data path.
struct DataState {
  enum class Mode : uint8_t { kIdle, kListening, kConnected };
  Mode mode = Mode::kIdle;
  bool accepted = false;  // made by accept: bound by its listener's port

  // A listening TCP socket: established connections accept has not taken.
  // (std::list: unlike std::deque, an empty one allocates nothing, and every
  // socket has these; compat's lifecycle makes no heap allocation.)
  int backlog = 0;
  std::list<std::shared_ptr<Connection>> pending;

  // A connected TCP socket.
  std::shared_ptr<Connection> connection;
  int side = 0;
  bool send_shut = false;     // shutdown(SD_SEND or SD_BOTH)
  bool receive_shut = false;  // shutdown(SD_RECEIVE or SD_BOTH)
  int pending_error = 0;      // SO_ERROR: a failed non-blocking connect

  // A UDP socket.
  std::list<Datagram> datagrams;
  size_t queued_bytes = 0;
  std::optional<Endpoint> peer;   // set by connect: the only source and
                                  // the default destination
  bool port_unreachable = false;  // the next receive fails WSAECONNRESET

  // On a shared machine: this socket's entry in the machine's port map
  // (a TCP listener, a bound UDP socket), withdrawn when it closes.
  std::shared_ptr<void> announcement;
  bool connecting = false;  // a connect to another program is under way

  // WSAEventSelect (event_select.cc): the event object and the network
  // events selected; those recorded since WSAEnumNetworkEvents last read
  // them; those whose recording is enabled (a recorded event is recorded
  // again only after the call that re-enables it: recv for FD_READ, accept
  // for FD_ACCEPT, a send that would block for FD_WRITE); FD_CONNECT's and
  // FD_CLOSE's error codes.
  void* event = nullptr;
  long selected = 0;
  long recorded = 0;
  long enabled = 0;
  bool connect_done = false;  // a connect finished, connect_error says how
  int connect_error = 0;

  // Options (SO_RCVTIMEO, SO_SNDTIMEO in milliseconds, 0: wait for ever;
  // SO_LINGER).
  uint32_t receive_timeout_ms = 0;
  uint32_t send_timeout_ms = 0;
  bool linger = false;
  uint16_t linger_seconds = 0;
};

// What a socket's state lets the next call do without waiting.
struct Readiness {
  bool readable = false;  // recv/recvfrom/accept would not wait
  bool writable = false;  // send would not wait (or a connect has finished)
  bool failed = false;    // a non-blocking connect failed (select's exceptfds)
  bool hung_up = false;   // the peer closed or the connection was reset
  bool error = false;     // the connection was reset
};
Readiness ReadinessOf(const DataState& data, SocketType type);

// The bytes the next receive can return without waiting (FIONREAD): a
// stream's queued bytes, or every queued datagram's bytes (DP18).
size_t BytesQueued(const DataState& data, SocketType type);

// A datagram from `from` arrives at a UDP socket: queued, or dropped by a
// full queue, a connected socket's filter or a socket that shut down
// receiving, as UDP drops silently (DP21). True if queued.
bool QueueDatagram(DataState& inbox, const Endpoint& from, const char* data,
                   size_t length);

// closesocket's effect on the data path: a listener's unaccepted
// connections are reset; a connection is reset if `abortive` (an abortive
// linger, the process's end), or its unread data would be lost, and
// otherwise closed gracefully (FIN). The socket's record goes next.
void CloseData(DataState& data, bool abortive);

}  // namespace portres::compat::internal

#endif  // PORTRES_COMPAT_NETWORK_H_
