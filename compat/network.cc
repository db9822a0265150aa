// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "compat/network.h"

#include <algorithm>
#include <cstring>

namespace portres::compat::internal {

size_t ByteQueue::Read(char* out, size_t length, bool peek) {
  const size_t n = std::min(length, size());
  if (n > 0) std::memcpy(out, bytes_.data() + consumed_, n);
  if (!peek) {
    consumed_ += n;
    if (consumed_ == bytes_.size()) Clear();
  }
  return n;
}

Readiness ReadinessOf(const DataState& data, SocketType type) {
  Readiness r;
  if (type == SocketType::kDatagram) {
    r.readable = !data.datagrams.empty() || data.port_unreachable;
    r.writable = true;
    return r;
  }
  switch (data.mode) {
    case DataState::Mode::kIdle:
      r.failed = data.pending_error != 0;
      break;
    case DataState::Mode::kListening:
      r.readable = !data.pending.empty();
      break;
    case DataState::Mode::kConnected: {
      const Connection& c = *data.connection;
      const int peer = 1 - data.side;
      r.error = c.reset;
      r.hung_up = c.reset || c.fin[peer];
      // recv returns at once: data, the end of the stream, or the reset.
      r.readable = !c.inbox[data.side].empty() || r.hung_up;
      r.writable =
          !c.reset && !data.send_shut && c.Unread(peer) < kReceiveWindow;
      break;
    }
  }
  return r;
}

size_t BytesQueued(const DataState& data, SocketType type) {
  if (type == SocketType::kDatagram) return data.queued_bytes;
  if (data.mode != DataState::Mode::kConnected || data.connection->reset) {
    return 0;
  }
  return data.connection->inbox[data.side].size();
}

bool QueueDatagram(DataState& inbox, const Endpoint& from, const char* data,
                   size_t length) {
  const bool filtered = inbox.peer.has_value() && *inbox.peer != from;
  if (filtered || inbox.receive_shut ||
      inbox.queued_bytes + length > kReceiveWindow) {
    return false;
  }
  inbox.datagrams.push_back(Datagram{from, std::string(data, length)});
  inbox.queued_bytes += length;
  return true;
}

void CloseData(DataState& data, bool abortive) {
  data.announcement.reset();
  for (const std::shared_ptr<Connection>& c : data.pending) c->Reset();
  if (data.mode == DataState::Mode::kConnected) {
    Connection& c = *data.connection;
    const int side = data.side;
    const bool linger_abortive = data.linger && data.linger_seconds == 0;
    if (c.reset) {
      c.closed[side] = true;
    } else if (abortive || linger_abortive || !c.inbox[side].empty()) {
      c.closed[side] = true;
      c.Reset();
    } else {
      c.Fin(side);
      c.Close(side);
    }
  }
}

}  // namespace portres::compat::internal
