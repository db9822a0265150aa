// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The client side of the host service: a connection, the PortReservations
// of one simulated process over it, and the machine's controls.

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "portres/sim/shared_machine.h"
#include "portres/status.h"
#include "portres/windows_codes.h"
#include "service/endpoint.h"
#include "service/protocol.h"

namespace portres::sim {

using service::Op;
using service::Reply;
using service::Request;

// The service answers a call within microseconds: poll that long before
// sleeping, which saves two scheduler wake-ups per call (SV13).
constexpr absl::Duration kReplySpin = absl::Microseconds(50);

class SharedMachine::Connection {
 public:
  Connection(int fd, absl::Duration timeout)
      : fd_(fd), timeout_(timeout), reader_(fd) {}
  ~Connection() { ::close(fd_); }

  // One request and its reply. Once the service is gone, or has not
  // answered within the timeout (a later answer could not be told from the
  // next call's), every call gets ERROR_INVALID_HANDLE, as a process that
  // no longer exists would.
  Reply Call(const Request& request) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!broken_) {
      absl::Status io = service::WriteFrame(fd_, service::EncodeRequest(request));
      if (io.ok()) {
        absl::StatusOr<Reply> reply = service::ReadReply(
            reader_, {.spin = kReplySpin, .whole = timeout_});
        if (reply.ok()) return *std::move(reply);
        io = reply.status();
        if (absl::IsDeadlineExceeded(io)) {
          io = absl::DeadlineExceededError(absl::StrCat(
              "no answer within ", absl::FormatDuration(timeout_)));
        }
      }
      broken_ = true;
      why_ = std::string(io.message());
    }
    return {.status = WindowsError(
                kErrorInvalidHandle,
                absl::StrCat(service::OpName(request.op),
                             ": the shared machine's connection is gone (",
                             why_, ")"))};
  }

 private:
  std::mutex mu_;
  const int fd_;
  const absl::Duration timeout_;
  service::FrameReader reader_;
  bool broken_ = false;
  std::string why_;
};

namespace {

using Connection = SharedMachine::Connection;

absl::Status StatusOf(const Reply& reply) { return reply.status; }

template <typename T>
absl::StatusOr<T> ValueOf(const Reply& reply) {
  if (!reply.status.ok()) return reply.status;
  return static_cast<T>(reply.value);
}

class RemoteProcess : public PortReservations {
 public:
  RemoteProcess(std::shared_ptr<Connection> connection, Pid pid)
      : connection_(std::move(connection)), pid_(pid) {}

  absl::StatusOr<SocketId> OpenSocket(AddressFamily family, SocketType type,
                                      int protocol) override {
    return ValueOf<SocketId>(Call({.op = Op::kOpenSocket,
                                   .family = family,
                                   .type = type,
                                   .ip_protocol = protocol}));
  }
  absl::Status CloseSocket(SocketId socket) override {
    return StatusOf(Call({.op = Op::kCloseSocket, .socket = socket}));
  }
  absl::StatusOr<uint16_t> Bind(SocketId socket, const IpAddress& address,
                                uint16_t port) override {
    return ValueOf<uint16_t>(Call(
        {.op = Op::kBind, .socket = socket, .address = address, .port = port}));
  }
  absl::Status SetOption(SocketId socket, SocketOption option,
                         uint32_t value) override {
    return StatusOf(Call({.op = Op::kSetOption,
                          .socket = socket,
                          .option = option,
                          .value = value}));
  }
  absl::StatusOr<uint32_t> GetOption(SocketId socket,
                                     SocketOption option) override {
    return ValueOf<uint32_t>(
        Call({.op = Op::kGetOption, .socket = socket, .option = option}));
  }
  absl::StatusOr<Reservation> Acquire(SocketId socket,
                                      PortRange range) override {
    const Reply reply =
        Call({.op = Op::kAcquire, .socket = socket, .range = range});
    if (!reply.status.ok()) return reply.status;
    return Reservation{.range = reply.range, .token = Token(reply.value)};
  }
  absl::Status Release(SocketId socket, Token token) override {
    return StatusOf(
        Call({.op = Op::kRelease, .socket = socket, .token = token}));
  }
  absl::Status Associate(SocketId socket, Token token) override {
    return StatusOf(
        Call({.op = Op::kAssociate, .socket = socket, .token = token}));
  }
  absl::StatusOr<Token> CreatePersistent(Protocol protocol,
                                         PortRange range) override {
    return TokenOf(Call(
        {.op = Op::kCreatePersistent, .protocol = protocol, .range = range}));
  }
  absl::Status DeletePersistent(Protocol protocol, PortRange range) override {
    return StatusOf(Call(
        {.op = Op::kDeletePersistent, .protocol = protocol, .range = range}));
  }
  absl::StatusOr<Token> LookupPersistent(Protocol protocol,
                                         PortRange range) override {
    return TokenOf(Call(
        {.op = Op::kLookupPersistent, .protocol = protocol, .range = range}));
  }

 private:
  static absl::StatusOr<Token> TokenOf(const Reply& reply) {
    if (!reply.status.ok()) return reply.status;
    return Token(reply.value);
  }
  Reply Call(Request request) {
    request.pid = pid_;
    return connection_->Call(request);
  }

  std::shared_ptr<Connection> connection_;
  const Pid pid_;
};

}  // namespace

SharedMachine::SharedMachine(std::shared_ptr<Connection> connection, Pid pid,
                             bool elevated, std::string profile,
                             HostOptions options)
    : connection_(std::move(connection)),
      pid_(pid),
      elevated_(elevated),
      profile_(std::move(profile)),
      options_(std::move(options)),
      own_(std::make_unique<RemoteProcess>(connection_, pid)) {}

SharedMachine::~SharedMachine() = default;

Pid SharedMachine::pid() const { return pid_; }
bool SharedMachine::elevated() const { return elevated_; }
const std::string& SharedMachine::profile() const { return profile_; }
PortReservations& SharedMachine::process() { return *own_; }

std::unique_ptr<PortReservations> SharedMachine::Process(Pid pid) {
  return std::make_unique<RemoteProcess>(connection_, pid);
}

absl::StatusOr<Pid> SharedMachine::SpawnProcess(bool elevated) {
  return ValueOf<Pid>(connection_->Call(
      {.op = Op::kSpawnProcess, .value = elevated ? 1u : 0u}));
}

absl::Status SharedMachine::ExitProcess(Pid pid) {
  return StatusOf(connection_->Call({.op = Op::kExitProcess, .pid = pid}));
}

absl::Status SharedMachine::Reboot() {
  return StatusOf(connection_->Call({.op = Op::kReboot}));
}

absl::StatusOr<Reservation> SharedMachine::AddSystemReservation(
    Protocol protocol, PortRange range) {
  const Reply reply = connection_->Call(
      {.op = Op::kAddSystemReservation, .protocol = protocol, .range = range});
  if (!reply.status.ok()) return reply.status;
  return Reservation{.range = reply.range, .token = Token(reply.value)};
}

absl::Status SharedMachine::SetDynamicPortRange(Protocol protocol,
                                                DynamicPortRange range,
                                                bool active_only) {
  return StatusOf(connection_->Call({.op = Op::kSetDynamicPortRange,
                                     .protocol = protocol,
                                     .value = active_only ? 1u : 0u,
                                     .range = {range.start, range.count}}));
}

absl::StatusOr<Token> SharedMachine::AddExclusion(Protocol protocol,
                                                  PortRange range,
                                                  bool active_only) {
  const Reply reply = connection_->Call({.op = Op::kCreatePersistent,
                                         .pid = pid_,
                                         .protocol = protocol,
                                         .value = active_only ? 1u : 0u,
                                         .range = range});
  if (!reply.status.ok()) return reply.status;
  return Token(reply.value);
}

absl::StatusOr<DynamicPortRange> SharedMachine::GetDynamicPortRange(
    Protocol protocol) {
  const Reply reply = connection_->Call(
      {.op = Op::kGetDynamicPortRange, .protocol = protocol});
  if (!reply.status.ok()) return reply.status;
  return DynamicPortRange{reply.range.start, reply.range.count};
}

absl::StatusOr<std::vector<ExcludedRange>> SharedMachine::ExcludedPortRanges(
    Protocol protocol) {
  Reply reply = connection_->Call(
      {.op = Op::kExcludedPortRanges, .protocol = protocol});
  if (!reply.status.ok()) return reply.status;
  return std::move(reply.rows);
}

absl::Status SharedMachine::CheckInvariants() {
  return StatusOf(connection_->Call({.op = Op::kCheckInvariants}));
}

absl::StatusOr<std::string> SharedMachine::DumpState() {
  Reply reply = connection_->Call({.op = Op::kDumpState});
  if (!reply.status.ok()) return reply.status;
  return std::move(reply.text);
}

absl::Status SharedMachine::AddLocalAddress(const IpAddress&) {
  return WindowsError(kErrorNotSupported,
                      "not available on a shared machine: an interface "
                      "address would change what every other process sees");
}

Policy SharedMachine::policy() { return options_.policy; }

WindowsVersion SharedMachine::version() { return options_.version; }

absl::StatusOr<std::string> SharedMachine::Owners() {
  Reply reply = connection_->Call({.op = Op::kOwners});
  if (!reply.status.ok()) return reply.status;
  return std::move(reply.text);
}

absl::Status SharedMachine::Shutdown() {
  return StatusOf(connection_->Call({.op = Op::kShutdown}));
}

struct internal::SharedMachineFactory {
  // Fails if this program does not know the machine's profile (a service
  // newer than the program): it could not say what the machine does.
  static absl::StatusOr<std::unique_ptr<SharedMachine>> Make(
      std::shared_ptr<SharedMachine::Connection> connection, Pid pid,
      bool elevated, std::string profile) {
    absl::StatusOr<HostOptions> options = ProfileOptions(profile);
    if (!options.ok()) return options.status();
    return std::unique_ptr<SharedMachine>(
        new SharedMachine(std::move(connection), pid, elevated,
                          std::move(profile), *std::move(options)));
  }
};

namespace {

// Connects to the service at `socket_path` in `directory` and greets it,
// trusting it only if nobody else could have put it there: the directory
// passes CheckEndpointDirectory, and the kernel says the service runs as
// the directory's owner or root (libpq's requirepeer, tmux's check).
absl::StatusOr<std::unique_ptr<SharedMachine>> Connect(
    const std::string& socket_path, const std::string& directory,
    bool must_be_mine, const SharedMachineOptions& options) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof(address.sun_path)) {
    return absl::InvalidArgumentError(
        absl::StrCat("socket path too long: ", socket_path));
  }
  std::strcpy(address.sun_path, socket_path.c_str());
  absl::StatusOr<uid_t> owner =
      service::CheckEndpointDirectory(directory, must_be_mine);
  if (!owner.ok()) return owner.status();
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat("socket: ", std::strerror(errno)));
  }
  auto connection = std::make_shared<Connection>(fd, options.timeout);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
      0) {
    return absl::UnavailableError(absl::StrCat(
        "nothing listens at ", socket_path, " (", std::strerror(errno), ")"));
  }
  ucred server{};
  socklen_t size = sizeof(server);
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &server, &size) != 0 ||
      (server.uid != *owner && server.uid != 0)) {
    return absl::PermissionDeniedError(absl::StrCat(
        "refusing the service at ", socket_path, ": it runs as uid ",
        server.uid, ", not as ", directory, "'s owner (uid ", *owner,
        ") or root"));
  }
  // A send that cannot go within the timeout fails rather than hangs.
  const timeval send_limit = absl::ToTimeval(options.timeout);
  (void)::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_limit,
                     sizeof(send_limit));
  std::string payload;
  service::FrameReader reader(fd);
  // A service that refuses the connection (its limits) may answer and
  // close before the hello is sent: its answer is read even then.
  const absl::Status sent = service::WriteFrame(fd, service::EncodeHello({}));
  absl::Status io = reader.Read(service::kMaxReplyFrame, &payload,
                                {.whole = options.timeout});
  if (!io.ok() && !sent.ok()) io = sent;
  if (absl::IsDeadlineExceeded(io)) {
    return absl::DeadlineExceededError(absl::StrCat(
        "the shared machine at ", socket_path, " did not answer within ",
        absl::FormatDuration(options.timeout)));
  }
  if (!io.ok()) {
    return absl::UnavailableError(absl::StrCat(
        "the shared machine at ", socket_path, " did not answer: ",
        io.message(), " (is this user allowed to use it?)"));
  }
  absl::StatusOr<service::HelloReply> hello =
      service::DecodeHelloReply(payload);
  if (!hello.ok()) return hello.status();
  if (!hello->status.ok()) return hello->status;
  return internal::SharedMachineFactory::Make(
      std::move(connection), hello->pid, hello->elevated, hello->profile);
}

}  // namespace

absl::StatusOr<std::unique_ptr<SharedMachine>> ConnectSharedMachineAt(
    const std::string& socket_path, SharedMachineOptions options) {
  const size_t slash = socket_path.rfind('/');
  const std::string directory =
      slash == std::string::npos ? "."
      : slash == 0               ? "/"
                                 : socket_path.substr(0, slash);
  absl::StatusOr<std::unique_ptr<SharedMachine>> machine =
      Connect(socket_path, directory, /*must_be_mine=*/false, options);
  if (absl::IsUnavailable(machine.status())) {
    return absl::UnavailableError(
        absl::StrCat("no shared machine runs: ", machine.status().message(),
                     "; start it with `portres host start`"));
  }
  return machine;
}

absl::StatusOr<std::unique_ptr<SharedMachine>> ConnectSharedMachine(
    absl::string_view name, SharedMachineOptions options) {
  absl::StatusOr<service::Endpoint> endpoint = service::ResolveEndpoint(name);
  if (!endpoint.ok()) return endpoint.status();
  absl::StatusOr<std::unique_ptr<SharedMachine>> machine =
      Connect(endpoint->socket_path, endpoint->directory,
              endpoint->private_directory, options);
  if (absl::IsUnavailable(machine.status())) {
    return absl::UnavailableError(absl::StrCat(
        "no shared machine \"", endpoint->name, "\" runs: ",
        machine.status().message(), "; start it with `portres host start ",
        "--host ", endpoint->name, "`"));
  }
  return machine;
}

}  // namespace portres::sim
