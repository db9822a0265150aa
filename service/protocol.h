// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The host service's wire protocol (docs/windows-semantics.md §21).
//
// A connection carries frames: a 4-byte little-endian payload length, then
// the payload. The client's first frame is a Hello (magic and protocol
// version); the service answers with a HelloReply naming the simulated
// process the connection now is. Every later client frame is one Request,
// answered by one Reply, in order. Requests have one fixed size, so a
// truncated or padded one is recognisably malformed; every enum is checked.
// Decoders never trust a length: they read through a bounds-checked Reader
// and return INVALID_ARGUMENT naming what was wrong.
//
// Thread safety: pure functions.

#ifndef PORTRES_SERVICE_PROTOCOL_H_
#define PORTRES_SERVICE_PROTOCOL_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "portres/export.h"
#include "portres/sim/sim_types.h"
#include "portres/types.h"

namespace portres::sim::service {

inline constexpr uint32_t kMagic = 0x48535250;  // "PRSH", little-endian
// Bumped whenever a frame's layout or meaning changes: a client and a
// service of different versions refuse each other with a clear message.
// Version 2: a reply's text may continue in further frames (Reply::more).
inline constexpr uint16_t kProtocolVersion = 2;
inline constexpr uint32_t kMaxRequestFrame = 256;
inline constexpr uint32_t kMaxReplyFrame = 1u << 20;
// A reply's text travels in pieces of at most this size, so a text of any
// length (the owners table of a process with 250,000 sockets) fits frames.
inline constexpr uint32_t kReplyTextPiece = kMaxReplyFrame / 2;

enum class Op : uint8_t {
  // One simulated process's calls: the PortReservations interface.
  kOpenSocket = 1,
  kCloseSocket,
  kBind,
  kSetOption,
  kGetOption,
  kAcquire,
  kRelease,
  kAssociate,
  kCreatePersistent,
  kDeletePersistent,
  kLookupPersistent,
  // The machine's controls.
  kSpawnProcess = 32,
  kExitProcess,
  kReboot,
  kAddSystemReservation,
  kSetDynamicPortRange,
  kGetDynamicPortRange,
  kExcludedPortRanges,
  kCheckInvariants,
  kDumpState,
  kOwners,
  kShutdown,
};
PORTRES_HOST_SERVICE_API bool IsProcessCall(Op op);
PORTRES_HOST_SERVICE_API absl::string_view OpName(Op op);

struct Hello {
  uint32_t magic = kMagic;
  uint16_t version = kProtocolVersion;
};

struct HelloReply {
  absl::Status status;  // not OK: refused (version, access); then closed
  uint16_t version = kProtocolVersion;  // the service's own version
  Pid pid = 0;                          // the connection's own process
  bool elevated = false;                // as the kernel's credentials say
  std::string profile;                  // the machine's behaviour profile
};

// Every field of every call; each operation reads the ones it needs.
struct Request {
  Op op = Op::kOpenSocket;
  Pid pid = 0;  // the simulated process acting (its own or one it spawned)
  SocketId socket = 0;
  Token token;
  AddressFamily family = AddressFamily::kInet;
  SocketType type = SocketType::kStream;
  int32_t ip_protocol = 0;  // socket()'s protocol argument
  Protocol protocol = Protocol::kTcp;
  SocketOption option = SocketOption::kReuseAddress;
  uint32_t value = 0;  // option value; SpawnProcess: elevated
  PortRange range;
  IpAddress address;
  uint16_t port = 0;
  friend bool operator==(const Request&, const Request&) = default;
};

struct Reply {
  absl::Status status;
  uint64_t value = 0;  // socket, token, pid, port or option value
  PortRange range;     // Acquire's block, a dynamic port range
  std::vector<ExcludedRange> rows;  // ExcludedPortRanges
  std::string text;                 // DumpState, Owners
  // On the wire only: the text continues in the next reply frame, whose
  // other fields are empty (WriteReply and ReadReply do this).
  bool more = false;
};

PORTRES_HOST_SERVICE_API std::string EncodeHello(const Hello& hello);
PORTRES_HOST_SERVICE_API absl::StatusOr<Hello> DecodeHello(
    absl::string_view payload);
PORTRES_HOST_SERVICE_API std::string EncodeHelloReply(const HelloReply& reply);
PORTRES_HOST_SERVICE_API absl::StatusOr<HelloReply> DecodeHelloReply(
    absl::string_view payload);
PORTRES_HOST_SERVICE_API std::string EncodeRequest(const Request& request);
PORTRES_HOST_SERVICE_API absl::StatusOr<Request> DecodeRequest(
    absl::string_view payload);
PORTRES_HOST_SERVICE_API std::string EncodeReply(const Reply& reply);
PORTRES_HOST_SERVICE_API absl::StatusOr<Reply> DecodeReply(
    absl::string_view payload);

// Frame I/O on a connected stream socket, retrying EINTR and short
// transfers. ReadFrame: OK with the payload; OUT_OF_RANGE when the peer
// closed between frames; DATA_LOSS when it closed inside one;
// INVALID_ARGUMENT for an empty or over-long frame (nothing more is read).
// ReadFrame reads exactly one frame's bytes (FrameReader below reads ahead).
// `payload` with its length in front: one frame's bytes.
PORTRES_HOST_SERVICE_API std::string Framed(absl::string_view payload);
PORTRES_HOST_SERVICE_API absl::Status WriteFrame(int fd,
                                                 absl::string_view payload);
PORTRES_HOST_SERVICE_API absl::Status ReadFrame(int fd, uint32_t max_payload,
                                                std::string* payload);

// How long FrameReader::Read may wait, on the monotonic clock (a wall
// clock stepped back would stretch a deadline, or a spin, without end).
struct ReadLimits {
  // Poll for data this long before sleeping in recv: an answer or the next
  // request usually arrives within microseconds, and sleeping at once costs
  // two scheduler wake-ups per round trip (SV13).
  absl::Duration spin = absl::ZeroDuration();
  // The whole frame must have arrived this long after the call.
  absl::Duration whole = absl::InfiniteDuration();
  // Once a frame's first byte has arrived, the rest must follow within
  // this long (a peer may idle between frames, not inside one).
  absl::Duration rest = absl::InfiniteDuration();
};

// Reads frames from one stream socket with as few system calls as the
// data allows: whatever has arrived is taken in one recv and kept for the
// next frame. The same results as ReadFrame, and DEADLINE_EXCEEDED when a
// limit passes. It holds at most one frame and one recv's worth of bytes,
// however a peer pipelines its frames.
class PORTRES_HOST_SERVICE_API FrameReader {
 public:
  explicit FrameReader(int fd) : fd_(fd) {}
  absl::Status Read(uint32_t max_payload, std::string* payload,
                    const ReadLimits& limits = {});

  // Bytes held for frames not yet returned (and the space of returned
  // ones not yet reused): what a pipelining peer can make this hold.
  size_t held_bytes() const { return buffer_.capacity(); }

 private:
  using Clock = std::chrono::steady_clock;
  // Appends what one recv returns, polling for `spin` first and waiting
  // until `deadline` at most.
  absl::Status Fill(absl::Duration spin, Clock::time_point deadline);

  const int fd_;
  std::string buffer_;
  size_t start_ = 0;  // the first unread byte of buffer_
};

// A whole reply: one frame, or several when its text is longer than
// kReplyTextPiece (the pieces' `more` set on all but the last).
PORTRES_HOST_SERVICE_API absl::Status WriteReply(int fd, const Reply& reply);
// Reads the frames of one reply and joins its text; `limits` apply to
// each frame.
PORTRES_HOST_SERVICE_API absl::StatusOr<Reply> ReadReply(
    FrameReader& reader, const ReadLimits& limits);

}  // namespace portres::sim::service

#endif  // PORTRES_SERVICE_PROTOCOL_H_
