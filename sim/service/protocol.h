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

#ifndef PORTRES_SIM_SERVICE_PROTOCOL_H_
#define PORTRES_SIM_SERVICE_PROTOCOL_H_

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
inline constexpr uint16_t kProtocolVersion = 1;
inline constexpr uint32_t kMaxRequestFrame = 256;
inline constexpr uint32_t kMaxReplyFrame = 16u << 20;

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
PORTRES_HOST_SERVICE_API absl::Status WriteFrame(int fd,
                                                 absl::string_view payload);
PORTRES_HOST_SERVICE_API absl::Status ReadFrame(int fd, uint32_t max_payload,
                                                std::string* payload);

// Reads frames from one stream socket with as few system calls as the
// data allows: whatever has arrived is taken in one recv and kept for the
// next frame. The same results as ReadFrame. `spin`: how long to poll for
// data before sleeping in recv — an answer or the next request usually
// arrives within microseconds, and sleeping at once costs two scheduler
// wake-ups per round trip (SV13).
class FrameReader {
 public:
  explicit FrameReader(int fd) : fd_(fd) {}
  absl::Status Read(uint32_t max_payload, std::string* payload,
                    absl::Duration spin = absl::ZeroDuration());

 private:
  // Appends what recv returns: polls for up to `spin` first, then sleeps.
  absl::Status Fill(absl::Duration spin);

  const int fd_;
  std::string buffer_;
  size_t start_ = 0;  // the first unread byte of buffer_
};

}  // namespace portres::sim::service

#endif  // PORTRES_SIM_SERVICE_PROTOCOL_H_
