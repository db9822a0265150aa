// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "service/server.h"

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>
#include <tuple>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portres/sim/host.h"
#include "portres/sim/profile.h"
#include "portres/status.h"
#include "portres/windows_codes.h"
#include "service/pid_file.h"
#include "service/protocol.h"
#include "service/store.h"

namespace portres::sim::service {
namespace {

// Who is at the other end, as the kernel says.
struct Peer {
  pid_t os_pid = 0;
  uid_t uid = 0;
  std::vector<gid_t> groups;  // primary first
  std::string command;        // /proc/<pid>/comm
};

Peer IdentifyPeer(int fd) {
  Peer peer;
  ucred cred{};
  socklen_t size = sizeof(cred);
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &size) != 0) {
    peer.uid = static_cast<uid_t>(-1);  // unknown: matches nobody
    return peer;
  }
  peer.os_pid = cred.pid;
  peer.uid = cred.uid;
  peer.groups.push_back(cred.gid);
  // The supplementary groups; when the kernel cannot tell them (no
  // SO_PEERGROUPS before Linux 4.13, or a sandbox refusing it) none are
  // assumed: a peer is never elevated by groups nobody could read.
  std::vector<gid_t> groups(64);
  for (int attempt = 0; attempt < 2; ++attempt) {
    socklen_t bytes = static_cast<socklen_t>(groups.size() * sizeof(gid_t));
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &bytes) ==
        0) {
      groups.resize(bytes / sizeof(gid_t));
      peer.groups.insert(peer.groups.end(), groups.begin(), groups.end());
      break;
    }
    if (errno != ERANGE) break;
    groups.resize(bytes / sizeof(gid_t));
  }
  // The command name is the peer's to choose (prctl, argv[0]): escaped, so
  // that printing it cannot drive a terminal.
  std::ifstream comm(absl::StrCat("/proc/", cred.pid, "/comm"));
  std::string command;
  std::getline(comm, command);
  peer.command = absl::CHexEscape(command);
  return peer;
}

bool InGroup(const Peer& peer, gid_t group) {
  return std::find(peer.groups.begin(), peer.groups.end(), group) !=
         peer.groups.end();
}

// A client in a lifecycle sends its next request within microseconds of
// the last answer: the session polls that long before sleeping (SV13).
constexpr absl::Duration kNextRequestSpin = absl::Microseconds(20);

// An operation that reached the wrong handler: a bug in the dispatch, told
// to the client rather than answered OK.
absl::Status NotHere(Op op, absl::string_view handler) {
  return absl::InternalError(
      absl::StrCat(OpName(op), " was dispatched as ", handler));
}

absl::Status NotElevated(Op op) {
  return WindowsError(kErrorAccessDenied,
                      absl::StrCat(OpName(op), ": the machine's controls ",
                                   "need an elevated process"));
}

struct RangeOrder {
  bool operator()(const std::pair<Protocol, PortRange>& a,
                  const std::pair<Protocol, PortRange>& b) const {
    return std::tie(a.first, a.second.start, a.second.count) <
           std::tie(b.first, b.second.start, b.second.count);
  }
};

// Raises the descriptor limit to its hard limit and keeps the connection
// limits inside it (with room for the store, the pid file and the log),
// so that the root reserve is a reserve of descriptors too.
ServiceLimits FitToDescriptors(ServiceLimits limits) {
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0) {
    if (files.rlim_cur < files.rlim_max) {
      files.rlim_cur = files.rlim_max;
      (void)::setrlimit(RLIMIT_NOFILE, &files);
      (void)::getrlimit(RLIMIT_NOFILE, &files);
    }
    constexpr rlim_t kOwnDescriptors = 32;
    const rlim_t room =
        files.rlim_cur > kOwnDescriptors ? files.rlim_cur - kOwnDescriptors : 1;
    if (static_cast<rlim_t>(limits.max_connections) > room) {
      limits.max_connections = static_cast<int>(room);
    }
  }
  limits.root_reserve = std::min(limits.root_reserve, limits.max_connections);
  return limits;
}

template <typename T>
void Put(Reply& reply, const absl::StatusOr<T>& result) {
  reply.status = result.status();
  if (result.ok()) reply.value = static_cast<uint64_t>(*result);
}

}  // namespace

class Server::Impl {
 public:
  explicit Impl(ServerOptions options) : options_(std::move(options)) {}
  ~Impl() { Stop(); }

  absl::Status Start();
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [this] { return shutdown_requested_; });
  }
  void Stop();
  const std::string& socket_path() const { return options_.socket_path; }

 private:
  struct Session {
    int fd = -1;
    std::unique_ptr<FrameReader> reader;  // reads ahead on fd
    Peer peer;
    bool elevated = false;
    Pid own = 0;
    // Its own process first, then the ones it spawned and has not ended
    // (a reboot may have ended some: SpawnProcess prunes those).
    std::vector<Pid> pids;
    std::map<Pid, std::unique_ptr<PortReservations>> views;
    std::thread thread;
    bool Owns(Pid pid) const {
      return std::find(pids.begin(), pids.end(), pid) != pids.end();
    }
  };

  absl::Status Restore();
  absl::Status Listen();
  void AcceptLoop();
  // Why `peer` may not have one more connection now, or OK.
  absl::Status Admit(const Peer& peer) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Answers a connection's hello with `why` and closes it, without waiting
  // for the peer (its socket buffer takes a small frame at once).
  static void Refuse(int fd, const absl::Status& why);
  void Serve(Session* session);
  bool Greet(Session& session);
  Reply Handle(Session& session, const Request& request);
  Reply Call(Session& session, const Request& request);
  Reply Control(Session& session, const Request& request);
  Reply Spawn(Session& session, bool elevated);
  // Each records one persistent change (`active`: netsh's store=active,
  // gone at the next reboot) and saves the store before it is answered.
  void PersistCreated(const Request& request) ABSL_LOCKS_EXCLUDED(store_mu_);
  void PersistDeleted(const Request& request) ABSL_LOCKS_EXCLUDED(store_mu_);
  void PersistDynamicRange(const Request& request)
      ABSL_LOCKS_EXCLUDED(store_mu_);
  absl::Status Save() ABSL_EXCLUSIVE_LOCKS_REQUIRED(store_mu_);
  void SaveOrDie() ABSL_EXCLUSIVE_LOCKS_REQUIRED(store_mu_);
  // A reboot forgets netsh's store=active changes.
  void ForgetActiveChanges() ABSL_LOCKS_EXCLUDED(store_mu_);
  std::string Owners() const;
  // Joins finished sessions' threads as they finish, whether or not new
  // connections arrive.
  void ReapLoop();

  const ServerOptions options_;
  ServiceLimits limits_;  // options_.limits, fitted to the descriptor limit
  std::unique_ptr<PidFile> pid_file_;
  std::unique_ptr<Host> host_;
  std::string profile_name_;
  int listen_fd_ = -1;
  std::thread acceptor_;
  std::thread reaper_;
  std::mutex store_mu_;  // serialises saves: each includes its own change
  std::set<std::pair<Protocol, PortRange>, RangeOrder> active_only_
      ABSL_GUARDED_BY(store_mu_);
  DynamicPortRange stored_dynamic_[2] ABSL_GUARDED_BY(store_mu_);

  // Standard locks, not absl::Mutex: Debian's Abseil is not built for
  // ThreadSanitizer, which then cannot see its synchronisation.
  mutable std::mutex mu_;
  std::condition_variable changed_;  // finished_, stopped_, shutdown_requested_
  bool shutdown_requested_ ABSL_GUARDED_BY(mu_) = false;
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t next_session_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<uint64_t, std::unique_ptr<Session>> sessions_ ABSL_GUARDED_BY(mu_);
  std::vector<uint64_t> finished_ ABSL_GUARDED_BY(mu_);
  // Live connections by the peer's uid (finished ones not yet reaped count
  // until their thread is joined).
  absl::flat_hash_map<uid_t, int> connections_by_uid_ ABSL_GUARDED_BY(mu_);
  // Which real process each simulated one belongs to (the owners view).
  absl::flat_hash_map<Pid, const Peer*> peers_ ABSL_GUARDED_BY(mu_);
};

absl::Status Server::Impl::Start() {
  if (options_.pid_path.empty()) {
    return absl::InvalidArgumentError("a service needs its pid file's path");
  }
  // First, before the store is read or the socket file touched: exactly one
  // service per machine.
  absl::StatusOr<std::unique_ptr<PidFile>> pid_file =
      PidFile::Acquire(options_.pid_path);
  if (!pid_file.ok()) return pid_file.status();
  pid_file_ = *std::move(pid_file);
  limits_ = FitToDescriptors(options_.limits);
  if (absl::Status s = Restore(); !s.ok()) return s;
  if (absl::Status s = Listen(); !s.ok()) return s;
  try {
    reaper_ = std::thread([this] { ReapLoop(); });
    acceptor_ = std::thread([this] { AcceptLoop(); });
  } catch (const std::system_error& e) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the service cannot start its threads: ", e.what()));
  }
  return absl::OkStatus();
}

// A start is the machine's boot: the store's persistent blocks are placed
// first (a profile's boot blocks must go around them), then the machine
// reboots into its profile, which gives them new tokens (M10).
absl::Status Server::Impl::Restore() {
  absl::StatusOr<HostOptions> profile =
      ProfileOptions(options_.profile, options_.seed);
  if (!profile.ok()) return profile.status();
  profile_name_ = options_.profile;
  HostOptions bare = *profile;
  bare.boot_reservations = {};
  host_ = std::make_unique<Host>(bare);
  if (!options_.store_path.empty()) {
    absl::StatusOr<std::optional<StoreContents>> stored =
        LoadStore(options_.store_path);
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) {
      const StoreContents& c = **stored;
      const Pid admin = host_->SpawnProcess({.elevated = true});
      std::unique_ptr<PortReservations> view = host_->Process(admin);
      absl::Status s = host_->SetDynamicPortRange(Protocol::kTcp, c.tcp_dynamic);
      if (s.ok()) s = host_->SetDynamicPortRange(Protocol::kUdp, c.udp_dynamic);
      for (Protocol p : {Protocol::kTcp, Protocol::kUdp}) {
        for (const PortRange& r : p == Protocol::kTcp ? c.tcp : c.udp) {
          if (s.ok()) s = view->CreatePersistent(p, r).status();
        }
      }
      if (!s.ok()) {
        return absl::DataLossError(absl::StrCat(
            "refusing the store ", options_.store_path,
            ": its records do not fit one machine: ", s.message()));
      }
      (void)host_->ExitProcess(admin);
    }
  }
  host_->RebootInto(*profile);
  std::lock_guard<std::mutex> lock(store_mu_);
  stored_dynamic_[0] = host_->GetDynamicPortRange(Protocol::kTcp);
  stored_dynamic_[1] = host_->GetDynamicPortRange(Protocol::kUdp);
  // A store that cannot be written now (a full disk) stops the start with
  // the reason, rather than a service that would die at its first change.
  return Save();
}

absl::Status Server::Impl::Listen() {
  listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) {
    return absl::UnavailableError(absl::StrCat("socket: ", std::strerror(errno)));
  }
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (options_.socket_path.size() >= sizeof(address.sun_path)) {
    return absl::InvalidArgumentError(
        absl::StrCat("socket path too long: ", options_.socket_path));
  }
  std::strcpy(address.sun_path, options_.socket_path.c_str());
  // A socket file left by a service that died; this service holds the pid
  // file's lock, so no live service owns it.
  ::unlink(options_.socket_path.c_str());
  const mode_t old_mask = ::umask(0177);  // the socket is born 0600
  const int bound = ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address),
                           sizeof(address));
  ::umask(old_mask);
  if (bound != 0) {
    return absl::UnavailableError(absl::StrCat(
        "bind ", options_.socket_path, ": ", std::strerror(errno)));
  }
  if (options_.shared_group != static_cast<gid_t>(-1) &&
      (::chown(options_.socket_path.c_str(), static_cast<uid_t>(-1),
               options_.shared_group) != 0 ||
       ::chmod(options_.socket_path.c_str(), 0660) != 0)) {
    return absl::PermissionDeniedError(absl::StrCat(
        "cannot share ", options_.socket_path, " with group ",
        options_.shared_group, ": ", std::strerror(errno)));
  }
  if (::listen(listen_fd_, SOMAXCONN) != 0) {
    return absl::UnavailableError(absl::StrCat("listen: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status Server::Impl::Admit(const Peer& peer) const {
  int total = 0;
  for (const auto& [uid, count] : connections_by_uid_) total += count;
  const bool root = peer.uid == 0;
  if (total >= limits_.max_connections - (root ? 0 : limits_.root_reserve)) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the machine serves ", total, " connections, its limit",
        root ? "" : " (the rest are kept for root)"));
  }
  auto mine = connections_by_uid_.find(peer.uid);
  if (!root && mine != connections_by_uid_.end() &&
      mine->second >= limits_.max_connections_per_user) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "uid ", peer.uid, " has ", mine->second,
        " connections to the machine, the limit for one user"));
  }
  return absl::OkStatus();
}

void Server::Impl::Refuse(int fd, const absl::Status& why) {
  const std::string bytes = Framed(EncodeHelloReply({.status = why}));
  (void)!::send(fd, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  ::close(fd);
}

void Server::Impl::AcceptLoop() {
  const timeval send_limit = absl::ToTimeval(limits_.frame_timeout);
  for (;;) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOMEM ||
          errno == ENOBUFS) {
        // Out of descriptors or memory: wait for connections to end (the
        // reaper frees them whatever happens here), do not spin.
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      return;  // the listening socket was shut down
    }
    // A peer that stops taking its replies holds its own thread this long
    // at most.
    (void)::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_limit,
                       sizeof(send_limit));
    auto session = std::make_unique<Session>();
    session->fd = fd;
    session->reader = std::make_unique<FrameReader>(fd);
    session->peer = IdentifyPeer(fd);
    const Peer& peer = session->peer;
    const bool allowed = peer.uid == ::geteuid() || peer.uid == 0 ||
                         (options_.shared_group != static_cast<gid_t>(-1) &&
                          InGroup(peer, options_.shared_group));
    if (!allowed) {  // the socket's mode already keeps them out
      ::close(fd);
      continue;
    }
    session->elevated =
        peer.uid == 0 ||
        std::any_of(options_.elevated_groups.begin(),
                    options_.elevated_groups.end(),
                    [&](gid_t g) { return InGroup(peer, g); });
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) {
      ::close(fd);
      return;
    }
    if (absl::Status admitted = Admit(peer); !admitted.ok()) {
      Refuse(fd, admitted);
      continue;
    }
    Session* raw = session.get();
    const uint64_t id = next_session_++;
    const uid_t uid = peer.uid;
    try {
      raw->thread = std::thread([this, raw, id] {
        Serve(raw);
        std::lock_guard<std::mutex> lock(mu_);
        finished_.push_back(id);
        changed_.notify_all();
      });
    } catch (const std::system_error& e) {
      // Out of threads (RLIMIT_NPROC, memory): this connection is refused,
      // the machine goes on serving the others.
      Refuse(fd, absl::ResourceExhaustedError(absl::StrCat(
                     "the machine cannot start a thread for this ",
                     "connection now: ", e.what())));
      continue;
    }
    sessions_[id] = std::move(session);
    ++connections_by_uid_[uid];
  }
}

void Server::Impl::ReapLoop() {
  for (;;) {
    std::vector<std::unique_ptr<Session>> done;
    {
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait(lock, [this] {
        return !finished_.empty() || (stopped_ && sessions_.empty());
      });
      if (finished_.empty()) return;  // stopped, and every session reaped
      for (uint64_t id : finished_) {
        auto it = sessions_.find(id);
        if (it == sessions_.end()) continue;
        auto count = connections_by_uid_.find(it->second->peer.uid);
        if (--count->second == 0) connections_by_uid_.erase(count);
        done.push_back(std::move(it->second));
        sessions_.erase(it);
      }
      finished_.clear();
    }
    // Joined outside the lock: a finishing thread takes it last.
    for (std::unique_ptr<Session>& session : done) {
      session->thread.join();
      ::close(session->fd);
    }
  }
}

bool Server::Impl::Greet(Session& s) {
  std::string payload;
  HelloReply reply;
  reply.profile = profile_name_;
  absl::Status read = s.reader->Read(
      kMaxRequestFrame, &payload, {.whole = limits_.hello_timeout});
  if (absl::IsDeadlineExceeded(read)) {
    reply.status = absl::DeadlineExceededError(absl::StrCat(
        "no hello within ", absl::FormatDuration(limits_.hello_timeout),
        " of connecting"));
  } else if (!read.ok()) {
    // An empty or over-long frame gets its reason (SV8); a peer that left
    // has nobody to answer.
    if (!absl::IsInvalidArgument(read)) return false;
    reply.status = read;
  } else if (absl::StatusOr<Hello> hello = DecodeHello(payload); !hello.ok()) {
    reply.status = hello.status();
  } else if (hello->version != kProtocolVersion) {
    reply.status = absl::FailedPreconditionError(absl::StrCat(
        "this portres host speaks protocol version ", kProtocolVersion,
        "; the client speaks version ", hello->version,
        ": use a client and a host of the same portres release"));
  }
  if (reply.status.ok()) {
    s.own = host_->SpawnProcess({.elevated = s.elevated});
    s.pids.push_back(s.own);
    std::lock_guard<std::mutex> lock(mu_);
    peers_[s.own] = &s.peer;
  }
  reply.pid = s.own;
  reply.elevated = s.elevated;
  return WriteFrame(s.fd, EncodeHelloReply(reply)).ok() && reply.status.ok();
}

void Server::Impl::Serve(Session* session) {
  Session& s = *session;
  if (Greet(s)) {
    const ReadLimits limits{.spin = kNextRequestSpin,
                            .rest = limits_.frame_timeout};
    std::string payload;
    for (;;) {
      absl::Status read = s.reader->Read(kMaxRequestFrame, &payload, limits);
      if (!read.ok()) {
        // An over-long, empty or unfinished frame gets an answer; end of
        // stream or a frame cut short by a dying client has nobody to
        // answer.
        if (absl::IsInvalidArgument(read) || absl::IsDeadlineExceeded(read)) {
          (void)WriteFrame(s.fd, EncodeReply({.status = read}));
        }
        break;
      }
      absl::StatusOr<Request> request = DecodeRequest(payload);
      if (!request.ok()) {
        (void)WriteFrame(s.fd, EncodeReply({.status = request.status()}));
        break;  // its stream cannot be trusted any more
      }
      Reply reply = Handle(s, *request);
      if (!WriteReply(s.fd, reply).ok()) break;
      if (request->op == Op::kShutdown && reply.status.ok()) {
        std::lock_guard<std::mutex> lock(mu_);
        shutdown_requested_ = true;
        changed_.notify_all();
      }
    }
  }
  // The peer sees end of stream now; the descriptor is closed when the
  // thread is reaped.
  ::shutdown(s.fd, SHUT_RDWR);
  // The process ends with its connection, however that ended.
  s.views.clear();
  for (Pid pid : s.pids) (void)host_->ExitProcess(pid);
  std::lock_guard<std::mutex> lock(mu_);
  for (Pid pid : s.pids) peers_.erase(pid);
}

Reply Server::Impl::Handle(Session& s, const Request& q) {
  const bool flag_op = q.op == Op::kSpawnProcess ||
                       q.op == Op::kCreatePersistent ||
                       q.op == Op::kSetDynamicPortRange;
  if (flag_op && q.value > 1) {
    return {.status = absl::InvalidArgumentError(absl::StrCat(
                OpName(q.op), ": its flag must be 0 or 1, not ", q.value))};
  }
  // Another connection's live process is out of bounds; a process that no
  // longer lives is anyone's to ask about (the machine answers that it has
  // exited, as it would its own).
  if ((IsProcessCall(q.op) || q.op == Op::kExitProcess) && !s.Owns(q.pid) &&
      host_->IsAlive(q.pid)) {
    return {.status = absl::PermissionDeniedError(absl::StrCat(
                "process ", q.pid, " is not this connection's: a connection ",
                "acts only as its own process and the ones it spawned"))};
  }
  return IsProcessCall(q.op) ? Call(s, q) : Control(s, q);
}

Reply Server::Impl::Call(Session& s, const Request& q) {
  // A process that has exited answers for itself; its view is not kept.
  std::unique_ptr<PortReservations> gone;
  if (!s.Owns(q.pid)) gone = host_->Process(q.pid);
  std::unique_ptr<PortReservations>& view =
      gone != nullptr ? gone : s.views[q.pid];
  if (view == nullptr) view = host_->Process(q.pid);
  Reply r;
  switch (q.op) {
    case Op::kOpenSocket:
      Put(r, view->OpenSocket(q.family, q.type, q.ip_protocol));
      break;
    case Op::kCloseSocket:
      r.status = view->CloseSocket(q.socket);
      break;
    case Op::kBind:
      Put(r, view->Bind(q.socket, q.address, q.port));
      break;
    case Op::kSetOption:
      r.status = view->SetOption(q.socket, q.option, q.value);
      break;
    case Op::kGetOption:
      Put(r, view->GetOption(q.socket, q.option));
      break;
    case Op::kAcquire: {
      absl::StatusOr<Reservation> got = view->Acquire(q.socket, q.range);
      r.status = got.status();
      if (got.ok()) {
        r.value = got->token.value();
        r.range = got->range;
      }
      break;
    }
    case Op::kRelease:
      r.status = view->Release(q.socket, q.token);
      break;
    case Op::kAssociate:
      r.status = view->Associate(q.socket, q.token);
      break;
    case Op::kCreatePersistent: {
      absl::StatusOr<Token> made = view->CreatePersistent(q.protocol, q.range);
      r.status = made.status();
      if (made.ok()) {
        r.value = made->value();
        PersistCreated(q);
      }
      break;
    }
    case Op::kDeletePersistent:
      r.status = view->DeletePersistent(q.protocol, q.range);
      if (r.status.ok()) PersistDeleted(q);
      break;
    case Op::kLookupPersistent: {
      absl::StatusOr<Token> found = view->LookupPersistent(q.protocol, q.range);
      r.status = found.status();
      if (found.ok()) r.value = found->value();
      break;
    }
    // Every operation is named, so a new one fails to compile (-Wswitch)
    // until it is handled, instead of answering OK.
    case Op::kSpawnProcess:
    case Op::kExitProcess:
    case Op::kReboot:
    case Op::kAddSystemReservation:
    case Op::kSetDynamicPortRange:
    case Op::kGetDynamicPortRange:
    case Op::kExcludedPortRanges:
    case Op::kCheckInvariants:
    case Op::kDumpState:
    case Op::kOwners:
    case Op::kShutdown:
      r.status = NotHere(q.op, "a process call");
      break;
  }
  return r;
}

Reply Server::Impl::Control(Session& s, const Request& q) {
  Reply r;
  switch (q.op) {
    case Op::kSpawnProcess:
      return Spawn(s, q.value == 1);
    case Op::kExitProcess:
      r.status = host_->ExitProcess(q.pid);
      if (r.status.ok()) {
        s.views.erase(q.pid);
        std::erase(s.pids, q.pid);
        std::lock_guard<std::mutex> lock(mu_);
        peers_.erase(q.pid);
      }
      return r;
    case Op::kGetDynamicPortRange: {
      const DynamicPortRange d = host_->GetDynamicPortRange(q.protocol);
      r.range = {d.start, d.count};
      return r;
    }
    case Op::kExcludedPortRanges:
      r.rows = host_->ExcludedPortRanges(q.protocol);
      return r;
    case Op::kCheckInvariants:
      r.status = host_->CheckInvariants();
      return r;
    case Op::kDumpState:
      r.text = host_->DumpState();
      return r;
    case Op::kOwners:
      r.text = Owners();
      return r;
    case Op::kReboot:
    case Op::kAddSystemReservation:
    case Op::kSetDynamicPortRange:
    case Op::kShutdown:
      break;  // below, for administrators
    case Op::kOpenSocket:
    case Op::kCloseSocket:
    case Op::kBind:
    case Op::kSetOption:
    case Op::kGetOption:
    case Op::kAcquire:
    case Op::kRelease:
    case Op::kAssociate:
    case Op::kCreatePersistent:
    case Op::kDeletePersistent:
    case Op::kLookupPersistent:
      return {.status = NotHere(q.op, "a machine control")};
  }
  // The rest change the machine: an administrator's business. The user
  // who runs the service may also stop it (`portres host stop`).
  const bool owner_stops = q.op == Op::kShutdown && s.peer.uid == ::geteuid();
  if (!s.elevated && !owner_stops) return {.status = NotElevated(q.op)};
  switch (q.op) {
    case Op::kReboot:
      host_->Reboot();
      ForgetActiveChanges();
      break;
    case Op::kAddSystemReservation: {
      absl::StatusOr<Reservation> got =
          host_->AddSystemReservation(q.protocol, q.range);
      r.status = got.status();
      if (got.ok()) {
        r.value = got->token.value();
        r.range = got->range;
      }
      break;
    }
    case Op::kSetDynamicPortRange:
      r.status = host_->SetDynamicPortRange(q.protocol,
                                            {q.range.start, q.range.count});
      if (r.status.ok()) PersistDynamicRange(q);
      break;
    case Op::kShutdown:
      break;  // Serve answers, then asks Wait() to return
    default:
      // Answered by the switch above (it returns for every other
      // operation); -Wswitch checks that one.
      r.status = NotHere(q.op, "an administrator's control");
      break;
  }
  return r;
}

Reply Server::Impl::Spawn(Session& s, bool elevated) {
  if (elevated && !s.elevated) return {.status = NotElevated(Op::kSpawnProcess)};
  // The quota counts live processes: ones a reboot ended leave the list.
  const size_t quota = static_cast<size_t>(limits_.max_spawned_per_connection);
  if (s.pids.size() >= quota) {
    std::erase_if(s.pids, [&](Pid pid) {
      if (pid == s.own || host_->IsAlive(pid)) return false;
      s.views.erase(pid);
      std::lock_guard<std::mutex> lock(mu_);
      peers_.erase(pid);
      return true;
    });
  }
  const size_t spawned = static_cast<size_t>(
      std::count_if(s.pids.begin(), s.pids.end(),
                    [&](Pid pid) { return pid != s.own; }));
  if (spawned >= quota) {
    return {.status = WindowsError(
                kErrorNotEnoughQuota,
                absl::StrCat("SpawnProcess: this connection has ", spawned,
                             " live processes, the limit; end some first"))};
  }
  const Pid pid = host_->SpawnProcess({.elevated = elevated});
  s.pids.push_back(pid);
  std::lock_guard<std::mutex> lock(mu_);
  peers_[pid] = &s.peer;
  return {.value = pid};
}

void Server::Impl::PersistCreated(const Request& q) {
  std::lock_guard<std::mutex> lock(store_mu_);
  if (q.value == 1) active_only_.insert({q.protocol, q.range});
  SaveOrDie();
}

void Server::Impl::PersistDeleted(const Request& q) {
  std::lock_guard<std::mutex> lock(store_mu_);
  active_only_.erase({q.protocol, q.range});
  SaveOrDie();
}

void Server::Impl::PersistDynamicRange(const Request& q) {
  std::lock_guard<std::mutex> lock(store_mu_);
  if (q.value != 1) {
    stored_dynamic_[static_cast<int>(q.protocol)] = {q.range.start,
                                                     q.range.count};
  }
  SaveOrDie();
}

void Server::Impl::ForgetActiveChanges() {
  std::lock_guard<std::mutex> lock(store_mu_);
  if (!active_only_.empty()) {
    const Pid admin = host_->SpawnProcess({.elevated = true});
    std::unique_ptr<PortReservations> view = host_->Process(admin);
    for (const auto& [protocol, range] : active_only_) {
      (void)view->DeletePersistent(protocol, range);
    }
    view.reset();
    (void)host_->ExitProcess(admin);
    active_only_.clear();
  }
  for (Protocol p : {Protocol::kTcp, Protocol::kUdp}) {
    (void)host_->SetDynamicPortRange(p, stored_dynamic_[static_cast<int>(p)]);
  }
}

absl::Status Server::Impl::Save() {
  if (options_.store_path.empty()) return absl::OkStatus();
  StoreContents c;
  c.tcp_dynamic = stored_dynamic_[0];
  c.udp_dynamic = stored_dynamic_[1];
  for (Protocol p : {Protocol::kTcp, Protocol::kUdp}) {
    for (const ExcludedRange& row : host_->ExcludedPortRanges(p)) {
      const PortRange range{row.start,
                            static_cast<uint16_t>(row.end - row.start + 1)};
      if (!row.administered || active_only_.count({p, range}) != 0) continue;
      (p == Protocol::kTcp ? c.tcp : c.udp).push_back(range);
    }
  }
  return SaveStore(options_.store_path, c);
}

void Server::Impl::SaveOrDie() {
  absl::Status saved = Save();
  if (saved.ok()) return;
  // Acknowledging a change that a restart would lose is the one thing a
  // store must never do. The reason goes where the next start shows it
  // (the pid file's reserved space: a full disk cannot refuse it) and to
  // the log, if the log can still take it.
  const std::string reason(saved.message());
  pid_file_->RecordFatal(reason);
  std::fprintf(stderr, "portres host: %s; stopping\n", reason.c_str());
  std::_Exit(70);
}

std::string Server::Impl::Owners() const {
  std::string out = absl::StrFormat("%-10s %-8s %-16s %-14s %-8s %-13s %s\n",
                                    "Pid", "OS pid", "Command", "Holds",
                                    "Protocol", "Ports", "Token");
  absl::StrAppend(&out, std::string(82, '-'), "\n");
  const std::vector<ProcessHoldings> holdings = host_->Holdings();
  std::lock_guard<std::mutex> lock(mu_);
  for (const ProcessHoldings& h : holdings) {
    auto peer = peers_.find(h.pid);
    const std::string os_pid =
        peer == peers_.end() ? "-" : absl::StrCat(peer->second->os_pid);
    const std::string command =
        peer == peers_.end() ? "-" : peer->second->command;
    for (const HeldSocket& socket : h.sockets) {
      absl::StrAppendFormat(
          &out, "%-10d %-8s %-16s %-14s %-8s %-13s %s\n", h.pid, os_pid,
          command, absl::StrCat("socket ", socket.handle),
          socket.protocol ? ToString(*socket.protocol) : "raw",
          socket.bound ? absl::StrCat(socket.port) : "-", "-");
    }
    for (const HeldReservation& r : h.reservations) {
      absl::StrAppendFormat(
          &out, "%-10d %-8s %-16s %-14s %-8s %-13s %d\n", h.pid, os_pid,
          command, "reservation", ToString(r.protocol),
          absl::StrCat(r.range.start, "-", r.range.last()), r.token.value());
    }
  }
  return out;
}

void Server::Impl::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    shutdown_requested_ = true;
    changed_.notify_all();
    if (listen_fd_ >= 0) ::shutdown(listen_fd_, SHUT_RDWR);
    for (auto& [id, session] : sessions_) ::shutdown(session->fd, SHUT_RDWR);
  }
  if (acceptor_.joinable()) acceptor_.join();
  // No new sessions now; the live ones see end of stream and finish, and
  // the reaper returns once it has joined the last.
  if (reaper_.joinable()) reaper_.join();
  if (listen_fd_ >= 0) {
    ::close(listen_fd_);
    ::unlink(options_.socket_path.c_str());
    listen_fd_ = -1;
  }
}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(ServerOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  if (absl::Status s = impl->Start(); !s.ok()) return s;
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;
void Server::Wait() { impl_->Wait(); }
void Server::Stop() { impl_->Stop(); }
const std::string& Server::socket_path() const { return impl_->socket_path(); }

}  // namespace portres::sim::service
