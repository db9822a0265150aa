// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "compat/bridge.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace portres::compat::internal {
namespace {

// A frame: its kind, its payload's length (4 bytes, little-endian), the
// payload. Stream frames travel on a connection's link; the datagram
// kinds are whole messages on the datagram sockets.
enum Kind : uint8_t {
  kConnect = 1,  // from, to: the connecting side asks for a listener
  kAccept,       // in the listener's backlog: established
  kRefuse,       // one byte: kNobodyListens or kBacklogFull
  kData,         // bytes
  kConsumed,     // 8 bytes: the sender of this frame read that many
  kFin,
  kReceiveShut,
  kClosed,
  kReset,
  kDatagram = 20,  // from, to, bytes
  kUnreachable,    // the `from` of a datagram nobody took
};
enum Refusal : uint8_t { kNobodyListens = 1, kBacklogFull };

constexpr size_t kHeader = 5;
constexpr size_t kEndpointSize = 19;  // family, 16 address bytes, port
// How long connect waits for the other program's bridge to answer.
constexpr int kAnswerMs = 10'000;

void AppendFrame(std::string& out, Kind kind, const char* data, size_t n) {
  const uint32_t length = static_cast<uint32_t>(n);
  out.push_back(static_cast<char>(kind));
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<char>(length >> (8 * i)));
  out.append(data, n);
}

void AppendEndpoint(std::string& out, const Endpoint& e) {
  out.push_back(e.family == AddressFamily::kInet ? 4 : 6);
  out.append(reinterpret_cast<const char*>(e.address.data()), 16);
  out.push_back(static_cast<char>(e.port >> 8));
  out.push_back(static_cast<char>(e.port & 0xff));
}

bool ReadEndpoint(const char* p, size_t n, Endpoint* out) {
  if (n < kEndpointSize || (p[0] != 4 && p[0] != 6)) return false;
  out->family = p[0] == 4 ? AddressFamily::kInet : AddressFamily::kInet6;
  std::memcpy(out->address.data(), p + 1, 16);
  out->port = static_cast<uint16_t>(static_cast<uint8_t>(p[17]) << 8 |
                                    static_cast<uint8_t>(p[18]));
  return true;
}

sockaddr_un UnixAddress(const std::string& path) {
  sockaddr_un address = {};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(),
              std::min(path.size(), sizeof(address.sun_path) - 1));
  return address;
}

bool ReadExactly(int fd, char* out, size_t n) {
  while (n > 0) {
    const ssize_t got = ::read(fd, out, n);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    out += got;
    n -= static_cast<size_t>(got);
  }
  return true;
}

bool WriteAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n =
        ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Nobody is at a program's bridge: it has ended.
bool ProgramIsGone(int error) {
  return error == ECONNREFUSED || error == ENOENT;
}

}  // namespace

// One TCP connection's Unix stream socket, seen from this program. Its
// outbox and state are guarded by compat's lock; `input` is the bridge
// thread's alone.
class StreamLink final : public RemoteEnd {
 public:
  StreamLink(int fd, int local_side, int wake_fd)
      : fd_(fd), local_side_(local_side), wake_fd_(wake_fd) {}
  ~StreamLink() override { Finish(); }

  int local_side() const override { return local_side_; }
  void SendData(const char* data, size_t length) override {
    Queue(kData, data, length);
  }
  void SendConsumed(size_t length) override {
    char count[8];
    for (int i = 0; i < 8; ++i) count[i] = static_cast<char>(length >> (8 * i));
    Queue(kConsumed, count, sizeof(count));
  }
  void SendFin() override { Queue(kFin, nullptr, 0); }
  void SendReceiveShut() override { Queue(kReceiveShut, nullptr, 0); }
  void SendClosed() override {
    Queue(kClosed, nullptr, 0);
    said_goodbye_ = true;
  }
  void Refuse(char why) {
    Queue(kRefuse, &why, 1);
    said_goodbye_ = true;
  }
  void SendReset() override {
    if (said_goodbye_ || heard_goodbye_) return;
    Queue(kReset, nullptr, 0);
    said_goodbye_ = true;
  }

  // Writes what the kernel takes now; the rest waits for the bridge.
  void Flush() {
    while (fd_ >= 0 && !outbox_.empty()) {
      const ssize_t n = ::send(fd_, outbox_.data(), outbox_.size(),
                               MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      if (n <= 0) {  // the other program is gone: its end of file follows
        outbox_.clear();
        return;
      }
      outbox_.erase(0, static_cast<size_t>(n));
    }
  }
  void Queue(Kind kind, const char* data, size_t length) {
    if (fd_ < 0 || said_goodbye_) return;
    const bool was_empty = outbox_.empty();
    AppendFrame(outbox_, kind, data, length);
    if (was_empty) Flush();
    if (!outbox_.empty()) {
      const char wake = 1;
      (void)!::write(wake_fd_, &wake, 1);
    }
  }
  void Finish() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  int fd() const { return fd_; }
  bool wants_write() const { return fd_ >= 0 && !outbox_.empty(); }
  // Nothing more will be read or written: the bridge lets it go.
  bool done() const {
    return fd_ < 0 || heard_goodbye_ || (said_goodbye_ && outbox_.empty());
  }

  std::weak_ptr<Connection> connection;
  bool awaiting_connect = false;  // accepted here, no kConnect read yet
  bool heard_goodbye_ = false;    // kClosed or kReset came, or end of file
  std::string input;              // bytes read, not yet whole frames
  bool at_end = false;            // the read side reached end of file

 private:
  int fd_;
  const int local_side_;
  const int wake_fd_;
  std::string outbox_;
  bool said_goodbye_ = false;  // kClosed or kReset sent
};

// The bridge's thread and what it polls.
class Bridge::Thread {
 public:
  Thread(BridgeHost& host, Bridge& bridge, int wake_read, int wake_write)
      : host_(host),
        bridge_(bridge),
        wake_read_(wake_read),
        wake_write_(wake_write) {}

  int wake_fd() const { return wake_write_; }

  void Add(std::shared_ptr<StreamLink> link) {  // under compat's lock
    links_.push_back(std::move(link));
    const char wake = 1;
    (void)!::write(wake_write_, &wake, 1);
  }

  [[noreturn]] void Run();

  // Under compat's lock: whether a link still has bytes to send.
  bool Sending() const {
    return std::any_of(links_.begin(), links_.end(),
                       [](const std::shared_ptr<StreamLink>& link) {
                         return link->wants_write();
                       });
  }

 private:
  void AcceptLinks();
  void ReadDatagrams(std::vector<std::pair<std::string, sockaddr_un>>& out);
  static void ReadLink(StreamLink& link);
  void ApplyDatagram(const std::string& message, const sockaddr_un& sender);
  void ApplyFrames(const std::shared_ptr<StreamLink>& link);
  void ApplyConnect(const std::shared_ptr<StreamLink>& link, const char* p,
                    size_t n);
  BridgeHost& host_;
  Bridge& bridge_;
  const int wake_read_;
  const int wake_write_;
  std::vector<std::shared_ptr<StreamLink>> links_;     // under compat's lock
  std::vector<std::shared_ptr<StreamLink>> accepted_;  // the thread's
};

void Bridge::Thread::Run() {
  std::vector<pollfd> fds;
  std::vector<std::shared_ptr<StreamLink>> polled;
  std::vector<std::pair<std::string, sockaddr_un>> datagrams;
  for (;;) {
    fds.assign({{wake_read_, POLLIN, 0},
                {bridge_.stream_fd_, POLLIN, 0},
                {bridge_.datagram_fd_, POLLIN, 0}});
    {
      std::lock_guard<std::mutex> lock(host_.mu());
      for (auto& link : accepted_) links_.push_back(std::move(link));
      accepted_.clear();
      std::erase_if(links_, [](const std::shared_ptr<StreamLink>& link) {
        if (!link->done()) return false;
        link->Finish();
        return true;
      });
      polled = links_;
      for (const auto& link : polled) {
        fds.push_back(
            {link->fd(),
             static_cast<short>(POLLIN | (link->wants_write() ? POLLOUT : 0)),
             0});
      }
    }
    while (::poll(fds.data(), fds.size(), -1) < 0 && errno == EINTR) {
    }
    if (fds[0].revents != 0) {
      char drain[64];
      while (::read(wake_read_, drain, sizeof(drain)) > 0) {
      }
    }
    if (fds[1].revents != 0) AcceptLinks();
    datagrams.clear();
    if (fds[2].revents != 0) ReadDatagrams(datagrams);
    for (size_t i = 0; i < polled.size(); ++i) {
      if ((fds[3 + i].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        ReadLink(*polled[i]);
      }
    }
    std::lock_guard<std::mutex> lock(host_.mu());
    for (const auto& [message, sender] : datagrams) {
      ApplyDatagram(message, sender);
    }
    for (size_t i = 0; i < polled.size(); ++i) {
      ApplyFrames(polled[i]);
      if ((fds[3 + i].revents & POLLOUT) != 0) polled[i]->Flush();
    }
    host_.Changed();
  }
}

void Bridge::Thread::AcceptLinks() {
  for (;;) {
    const int fd = ::accept4(bridge_.stream_fd_, nullptr, nullptr,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    auto link = std::make_shared<StreamLink>(fd, /*local_side=*/1, wake_write_);
    link->awaiting_connect = true;
    accepted_.push_back(std::move(link));
  }
}

void Bridge::Thread::ReadDatagrams(
    std::vector<std::pair<std::string, sockaddr_un>>& out) {
  static thread_local char buffer[kHeader + 2 * kEndpointSize + 65536];
  for (;;) {
    sockaddr_un sender = {};
    socklen_t sender_length = sizeof(sender);
    const ssize_t n =
        ::recvfrom(bridge_.datagram_fd_, buffer, sizeof(buffer), MSG_DONTWAIT,
                   reinterpret_cast<sockaddr*>(&sender), &sender_length);
    if (n < 0) return;
    out.emplace_back(std::string(buffer, static_cast<size_t>(n)), sender);
  }
}

void Bridge::Thread::ReadLink(StreamLink& link) {
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(link.fd(), buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {  // end of file, or the other program reset the socket
      link.at_end = true;
      return;
    }
    link.input.append(buffer, static_cast<size_t>(n));
  }
}

void Bridge::Thread::ApplyDatagram(const std::string& message,
                                   const sockaddr_un& sender) {
  const char* p = message.data();
  const size_t n = message.size();
  Endpoint from;
  if (n < kHeader || !ReadEndpoint(p + kHeader, n - kHeader, &from)) return;
  if (p[0] == kUnreachable) {
    // The datagram `from` sent found nobody (DP22).
    if (DataState* sender = host_.Receiver(Protocol::kUdp, from)) {
      sender->port_unreachable = true;
    }
    return;
  }
  Endpoint to;
  if (p[0] != kDatagram || !ReadEndpoint(p + kHeader + kEndpointSize,
                                         n - kHeader - kEndpointSize, &to)) {
    return;
  }
  const size_t offset = kHeader + 2 * kEndpointSize;
  DataState* receiver = host_.Receiver(Protocol::kUdp, to);
  if (receiver == nullptr) {
    std::string answer;
    std::string endpoint;
    AppendEndpoint(endpoint, from);
    AppendFrame(answer, kUnreachable, endpoint.data(), endpoint.size());
    (void)::sendto(bridge_.datagram_fd_, answer.data(), answer.size(),
                   MSG_DONTWAIT | MSG_NOSIGNAL,
                   reinterpret_cast<const sockaddr*>(&sender), sizeof(sender));
    return;
  }
  (void)QueueDatagram(*receiver, from, p + offset, n - offset);
}

void Bridge::Thread::ApplyConnect(const std::shared_ptr<StreamLink>& link,
                                  const char* p, size_t n) {
  Endpoint from;
  Endpoint to;
  link->awaiting_connect = false;
  if (!ReadEndpoint(p, n, &from) ||
      !ReadEndpoint(p + kEndpointSize, n - kEndpointSize, &to)) {
    link->Finish();
    return;
  }
  DataState* listener = host_.Receiver(Protocol::kTcp, to);
  if (listener == nullptr ||
      listener->pending.size() >= static_cast<size_t>(listener->backlog)) {
    const char why = listener == nullptr ? kNobodyListens : kBacklogFull;
    link->Refuse(why);
    return;
  }
  auto connection = std::make_shared<Connection>();
  connection->endpoint[0] = from;
  connection->endpoint[1] = to;
  connection->remote = link;
  link->connection = connection;
  listener->pending.push_back(std::move(connection));
  link->Queue(kAccept, nullptr, 0);
}

void Bridge::Thread::ApplyFrames(const std::shared_ptr<StreamLink>& link) {
  std::string& in = link->input;
  size_t at = 0;
  while (in.size() - at >= kHeader) {
    uint32_t length = 0;
    for (int i = 0; i < 4; ++i) {
      length |= static_cast<uint32_t>(static_cast<uint8_t>(in[at + 1 + i]))
                << (8 * i);
    }
    if (in.size() - at - kHeader < length) break;
    const Kind kind = static_cast<Kind>(in[at]);
    const char* p = in.data() + at + kHeader;
    at += kHeader + length;
    if (link->awaiting_connect) {
      if (kind == kConnect) {
        ApplyConnect(link, p, length);
      } else {
        link->Finish();
      }
      continue;
    }
    std::shared_ptr<Connection> c = link->connection.lock();
    if (c == nullptr || c->reset) continue;  // the socket is gone: ignored
    const int local = link->local_side();
    const int remote = 1 - local;
    switch (kind) {
      case kData:
        // Data for a side that closed or shut down receiving resets the
        // connection (DP14).
        if (c->closed[local] || c->receive_shut[local]) {
          c->Reset();
        } else {
          c->inbox[local].Append(p, length);
        }
        break;
      case kConsumed: {
        uint64_t count = 0;
        for (int i = 0; i < 8 && i < static_cast<int>(length); ++i) {
          count |= static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
        }
        c->remote_unread -= std::min<uint64_t>(count, c->remote_unread);
        break;
      }
      case kFin:
        c->fin[remote] = true;
        break;
      case kReceiveShut:
        c->receive_shut[remote] = true;
        break;
      case kClosed:
        c->closed[remote] = true;
        link->heard_goodbye_ = true;
        break;
      case kReset:
        link->heard_goodbye_ = true;
        c->Reset();  // heard: not sent back
        break;
      default:
        break;
    }
  }
  in.erase(0, at);
  if (link->at_end && !link->heard_goodbye_) {
    // The other program ended without closing: killed. Its connections are
    // reset, as those of a process that ends (DP12, DP36).
    link->heard_goodbye_ = true;
    if (std::shared_ptr<Connection> c = link->connection.lock()) c->Reset();
  }
}

Bridge::Bridge(PortMap port_map, int stream_fd, int datagram_fd)
    : port_map_(std::move(port_map)),
      stream_fd_(stream_fd),
      datagram_fd_(datagram_fd) {}

Bridge::~Bridge() = default;  // never destroyed: CompatState lives on

namespace {

// The one bridge of this program, for DrainAtExit.
std::atomic<Bridge*> the_bridge{nullptr};

// A program that ends normally (exit, or main's return) leaves what it sent
// before a graceful close to the kernel, as Windows' stack keeps sending
// after the process is gone: its bridge thread, still running during exit,
// sends what waits in the outboxes; this waits for that, without compat's
// lock (a peer's bridge may need its own), for at most kAnswerMs.
void DrainAtExit() {
  Bridge* bridge = the_bridge.load(std::memory_order_acquire);
  if (bridge != nullptr) bridge->Drain(absl::Milliseconds(kAnswerMs));
}

}  // namespace

void Bridge::Drain(absl::Duration longest) {
  const absl::Time deadline = absl::Now() + longest;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(host_->mu());
      if (!thread_->Sending()) return;
    }
    if (absl::Now() >= deadline) return;
    absl::SleepFor(absl::Milliseconds(1));
  }
}

absl::StatusOr<std::unique_ptr<Bridge>> Bridge::Start(
    const std::string& machine_directory, std::unique_ptr<BridgeHost> host) {
  const std::string directory = machine_directory + "/traffic";
  if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
    return absl::UnavailableError(
        absl::StrCat(directory, ": ", std::strerror(errno)));
  }
  PortMap map(directory, ::getpid());
  map.Forget(map.self());  // an earlier program with this pid was killed
  const std::string stream_path = map.StreamPath(map.self());
  const std::string datagram_path = map.DatagramPath(map.self());
  if (stream_path.size() >= sizeof(sockaddr_un{}.sun_path)) {
    return absl::UnavailableError(
        absl::StrCat(stream_path, ": too long for a Unix socket's path"));
  }
  const int stream_fd =
      ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int datagram_fd =
      ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int wake[2] = {-1, -1};
  const sockaddr_un stream_address = UnixAddress(stream_path);
  const sockaddr_un datagram_address = UnixAddress(datagram_path);
  if (stream_fd < 0 || datagram_fd < 0 ||
      ::bind(stream_fd, reinterpret_cast<const sockaddr*>(&stream_address),
             sizeof(stream_address)) != 0 ||
      ::listen(stream_fd, SOMAXCONN) != 0 ||
      ::bind(datagram_fd, reinterpret_cast<const sockaddr*>(&datagram_address),
             sizeof(datagram_address)) != 0 ||
      ::pipe2(wake, O_NONBLOCK | O_CLOEXEC) != 0) {
    const int error = errno;
    for (int fd : {stream_fd, datagram_fd, wake[0], wake[1]}) {
      if (fd >= 0) ::close(fd);
    }
    return absl::UnavailableError(
        absl::StrCat(stream_path, ": ", std::strerror(error)));
  }
  // A datagram queue as deep as a socket's receive window (DP17).
  const int queue = static_cast<int>(2 * kReceiveWindow);
  (void)::setsockopt(datagram_fd, SOL_SOCKET, SO_RCVBUF, &queue, sizeof(queue));
  std::unique_ptr<Bridge> bridge(
      new Bridge(std::move(map), stream_fd, datagram_fd));
  bridge->host_ = std::move(host);
  bridge->thread_ =
      std::make_unique<Thread>(*bridge->host_, *bridge, wake[0], wake[1]);
  // Detached: it serves until the program ends, like the state it uses.
  std::thread([thread = bridge->thread_.get()] { thread->Run(); }).detach();
  the_bridge.store(bridge.get(), std::memory_order_release);
  std::atexit(DrainAtExit);
  return bridge;
}

Bridge::Established Bridge::Connect(const std::vector<pid_t>& receivers,
                                    const Endpoint& from, const Endpoint& to) {
  std::string request;
  std::string endpoints;
  AppendEndpoint(endpoints, from);
  AppendEndpoint(endpoints, to);
  AppendFrame(request, kConnect, endpoints.data(), endpoints.size());
  for (pid_t program : receivers) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return {.outcome = Outcome::kNoBuffers};
    const sockaddr_un address = UnixAddress(port_map_.StreamPath(program));
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address),
                  sizeof(address)) != 0) {
      const int error = errno;
      ::close(fd);
      if (ProgramIsGone(error)) port_map_.Forget(program);
      continue;
    }
    pollfd answer = {fd, POLLIN, 0};
    char reply[kHeader + 1];
    if (!WriteAll(fd, request)) {
      ::close(fd);
      continue;
    }
    int ready;
    while ((ready = ::poll(&answer, 1, kAnswerMs)) < 0 && errno == EINTR) {
    }
    if (ready == 0) {
      ::close(fd);
      return {.outcome = Outcome::kTimedOut};
    }
    if (!ReadExactly(fd, reply, kHeader)) {  // it ended meanwhile
      ::close(fd);
      continue;
    }
    if (reply[0] == kAccept) {
      (void)::fcntl(fd, F_SETFL, O_NONBLOCK);
      return {.link = std::make_shared<StreamLink>(fd, /*local_side=*/0,
                                                   thread_->wake_fd())};
    }
    const bool full = reply[0] == kRefuse &&
                      ReadExactly(fd, reply + kHeader, 1) &&
                      reply[kHeader] == kBacklogFull;
    ::close(fd);
    if (full) return {.outcome = Outcome::kRefused};  // DP9
  }
  return {.outcome = Outcome::kRefused};  // DP8
}

void Bridge::Adopt(const std::shared_ptr<StreamLink>& link,
                   const std::shared_ptr<Connection>& connection) {
  link->connection = connection;
  connection->remote = link;
  thread_->Add(link);
}

bool Bridge::SendDatagram(const std::vector<pid_t>& receivers,
                          const Endpoint& from, const Endpoint& to,
                          const char* data, size_t length) {
  std::string message;
  AppendEndpoint(message, from);
  AppendEndpoint(message, to);
  message.append(data, length);
  std::string frame;
  AppendFrame(frame, kDatagram, message.data(), message.size());
  for (pid_t program : receivers) {
    const sockaddr_un address = UnixAddress(port_map_.DatagramPath(program));
    if (::sendto(datagram_fd_, frame.data(), frame.size(),
                 MSG_DONTWAIT | MSG_NOSIGNAL,
                 reinterpret_cast<const sockaddr*>(&address),
                 sizeof(address)) >= 0 ||
        !ProgramIsGone(errno)) {
      // Sent, or dropped by a full queue there (DP21).
      return true;
    }
    port_map_.Forget(program);
  }
  return false;
}

}  // namespace portres::compat::internal
