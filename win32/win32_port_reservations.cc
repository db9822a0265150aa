// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The Win32 backend (include/portres/win32.h).

// <winsock2.h> must come before <windows.h> and <mstcpip.h>.
// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mstcpip.h>
#include <windows.h>
// clang-format on

#include <cstring>
#include <mutex>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "core/validation.h"
#include "portres/status.h"
#include "portres/win32.h"
#include "portres/windows_codes.h"

namespace portres {
namespace {

// The core code table must equal the SDK's definitions.
static_assert(kWsaEAcces == WSAEACCES && kWsaEFault == WSAEFAULT);
static_assert(kWsaEInval == WSAEINVAL && kWsaENotSock == WSAENOTSOCK);
static_assert(kWsaEOpNotSupp == WSAEOPNOTSUPP);
static_assert(kWsaEAddrInUse == WSAEADDRINUSE);
static_assert(kWsaEAddrNotAvail == WSAEADDRNOTAVAIL);
static_assert(kWsaENoProtoOpt == WSAENOPROTOOPT);
static_assert(kWsaENoBufs == WSAENOBUFS && kWsaENetDown == WSAENETDOWN);
static_assert(kWsaNotInitialised == WSANOTINITIALISED);
static_assert(kWsaVerNotSupported == WSAVERNOTSUPPORTED);
static_assert(kWsaEProtoType == WSAEPROTOTYPE);
static_assert(kWsaEProtoNoSupport == WSAEPROTONOSUPPORT);
static_assert(kWsaEAfNoSupport == WSAEAFNOSUPPORT);
static_assert(kWsaEIntr == WSAEINTR && kWsaEInProgress == WSAEINPROGRESS);
static_assert(kWsaIoPending == WSA_IO_PENDING);
static_assert(kWsaOperationAborted == WSA_OPERATION_ABORTED);
static_assert(kErrorAccessDenied == ERROR_ACCESS_DENIED);
static_assert(kErrorSharingViolation == ERROR_SHARING_VIOLATION);
static_assert(kErrorNotSupported == ERROR_NOT_SUPPORTED);
static_assert(kErrorInvalidParameter == ERROR_INVALID_PARAMETER);
static_assert(kErrorNotFound == ERROR_NOT_FOUND);
static_assert(SIO_ACQUIRE_PORT_RESERVATION == 0x98000064u);
static_assert(SIO_RELEASE_PORT_RESERVATION == 0x98000065u);
static_assert(SIO_ASSOCIATE_PORT_RESERVATION == 0x98000066u);
static_assert(sizeof(INET_PORT_RESERVATION_INSTANCE) == 16);

// msquic's SIO_CPU_AFFINITY, _WSAIOW(IOC_VENDOR, 21), absent from the SDK.
constexpr DWORD kSioCpuAffinity = _WSAIOW(IOC_VENDOR, 21);

// The (level, optname) of a boolean socket option.
std::pair<int, int> OptionName(SocketOption option) {
  switch (option) {
    case SocketOption::kReuseAddress:
      return {SOL_SOCKET, SO_REUSEADDR};
    case SocketOption::kExclusiveAddressUse:
      return {SOL_SOCKET, SO_EXCLUSIVEADDRUSE};
    case SocketOption::kIpv6Only:
    case SocketOption::kCpuAffinity:  // not an option; callers handle it
      break;
  }
  return {IPPROTO_IPV6, IPV6_V6ONLY};
}

using CreateOrLookupFn = ULONG(WINAPI*)(USHORT, USHORT, PULONG64);
using DeleteFn = ULONG(WINAPI*)(USHORT, USHORT);

// The persistent functions, or nullptr where iphlpapi.dll lacks them.
struct IpHelper {
  HMODULE module = nullptr;  // freed by the backend's destructor
  CreateOrLookupFn create[2] = {};  // [Protocol]
  DeleteFn remove[2] = {};
  CreateOrLookupFn lookup[2] = {};
};

template <typename Fn>
Fn Resolve(HMODULE module, const char* name) {
  return module == nullptr ? nullptr
                           : reinterpret_cast<Fn>(reinterpret_cast<void*>(
                                 GetProcAddress(module, name)));
}

IpHelper LoadIpHelper() {
  // From System32 only: never a planted iphlpapi.dll in the application's
  // folder or the current directory.
  HMODULE module =
      LoadLibraryExW(L"iphlpapi.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32);
  IpHelper h;
  h.module = module;
  h.create[0] =
      Resolve<CreateOrLookupFn>(module, "CreatePersistentTcpPortReservation");
  h.create[1] =
      Resolve<CreateOrLookupFn>(module, "CreatePersistentUdpPortReservation");
  h.remove[0] = Resolve<DeleteFn>(module, "DeletePersistentTcpPortReservation");
  h.remove[1] = Resolve<DeleteFn>(module, "DeletePersistentUdpPortReservation");
  h.lookup[0] =
      Resolve<CreateOrLookupFn>(module, "LookupPersistentTcpPortReservation");
  h.lookup[1] =
      Resolve<CreateOrLookupFn>(module, "LookupPersistentUdpPortReservation");
  return h;
}

absl::Status LastWinsockError(absl::string_view context) {
  return WindowsError(static_cast<uint32_t>(WSAGetLastError()), context);
}

// Whether this platform implements the reservation ioctls: asked once with
// a release that carries no token, which Windows refuses for the missing
// buffer (WSAEFAULT) and changes nothing, while a platform without them
// (Wine, docs U28, WN1) answers WSAEOPNOTSUPP before it looks at anything.
bool PlatformHasReservationIoctls() {
  SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  if (s == INVALID_SOCKET) return true;  // no answer: keep the checks
  DWORD bytes = 0;
  const bool unsupported =
      WSAIoctl(s, SIO_RELEASE_PORT_RESERVATION, nullptr, 0, nullptr, 0, &bytes,
               nullptr, nullptr) == SOCKET_ERROR &&
      WSAGetLastError() == WSAEOPNOTSUPP;
  closesocket(s);
  return !unsupported;
}

class Win32PortReservations final : public PortReservations {
 public:
  Win32PortReservations()
      : ip_helper_(LoadIpHelper()),
        has_ioctls_(PlatformHasReservationIoctls()) {}
  // Undoes the constructor's LoadLibraryExW and NewWin32PortReservations'
  // WSAStartup (win32.h: the last WSACleanup closes open sockets).
  ~Win32PortReservations() override {
    if (ip_helper_.module != nullptr) FreeLibrary(ip_helper_.module);
    WSACleanup();
  }

  absl::StatusOr<SocketId> OpenSocket(AddressFamily family, SocketType type,
                                      int protocol) override {
    absl::StatusOr<std::optional<Protocol>> pool =
        internal::ResolveSocketProtocol(type, protocol);
    if (!pool.ok()) return pool.status();
    const int af = family == AddressFamily::kInet ? AF_INET : AF_INET6;
    const int kind = type == SocketType::kStream     ? SOCK_STREAM
                     : type == SocketType::kDatagram ? SOCK_DGRAM
                                                     : SOCK_RAW;
    SOCKET s = socket(af, kind, protocol);
    if (s == INVALID_SOCKET) return LastWinsockError("socket");
    std::lock_guard lock(mu_);
    types_[s] = type;
    return static_cast<SocketId>(s);
  }

  absl::Status CloseSocket(SocketId id) override {
    // The entry goes before the value is freed, under the lock: Windows may
    // hand the value to another thread's socket() at once (docs H5), and
    // that thread's entry, made after it, must not be erased here.
    std::lock_guard lock(mu_);
    auto node = types_.extract(id);  // empty if we never opened it
    if (closesocket(static_cast<SOCKET>(id)) == SOCKET_ERROR) {
      const absl::Status error = LastWinsockError("closesocket");
      if (!node.empty()) types_.insert(std::move(node));  // still ours
      return error;
    }
    return absl::OkStatus();
  }

  absl::StatusOr<uint16_t> Bind(SocketId id, const IpAddress& ip,
                                uint16_t port) override {
    const SOCKET s = static_cast<SOCKET>(id);
    sockaddr_storage address = {};
    int length;
    if (ip.family == AddressFamily::kInet6) {
      auto* in6 = reinterpret_cast<sockaddr_in6*>(&address);
      in6->sin6_family = AF_INET6;
      in6->sin6_port = htons(port);
      std::memcpy(&in6->sin6_addr, ip.bytes.data(), 16);
      length = sizeof(sockaddr_in6);
    } else {
      auto* in = reinterpret_cast<sockaddr_in*>(&address);
      in->sin_family = AF_INET;
      in->sin_port = htons(port);
      std::memcpy(&in->sin_addr, ip.bytes.data(), 4);
      length = sizeof(sockaddr_in);
    }
    if (bind(s, reinterpret_cast<sockaddr*>(&address), length) ==
        SOCKET_ERROR) {
      return LastWinsockError("bind");
    }
    length = sizeof(address);
    if (getsockname(s, reinterpret_cast<sockaddr*>(&address), &length) ==
        SOCKET_ERROR) {
      return LastWinsockError("getsockname");
    }
    return ntohs(address.ss_family == AF_INET6
                     ? reinterpret_cast<sockaddr_in6*>(&address)->sin6_port
                     : reinterpret_cast<sockaddr_in*>(&address)->sin_port);
  }

  absl::Status SetOption(SocketId id, SocketOption option,
                         uint32_t value) override {
    const SOCKET s = static_cast<SOCKET>(id);
    if (option == SocketOption::kCpuAffinity) {
      // msquic's ioctl (not in the SDK): the processor number as a USHORT.
      USHORT processor = static_cast<USHORT>(value);
      DWORD bytes = 0;
      if (WSAIoctl(s, kSioCpuAffinity, &processor, sizeof(processor), nullptr,
                   0, &bytes, nullptr, nullptr) == SOCKET_ERROR) {
        return LastWinsockError("WSAIoctl(SIO_CPU_AFFINITY)");
      }
      return absl::OkStatus();
    }
    const auto [level, name] = OptionName(option);
    const DWORD flag = value != 0 ? TRUE : FALSE;
    if (setsockopt(s, level, name, reinterpret_cast<const char*>(&flag),
                   sizeof(flag)) == SOCKET_ERROR) {
      return LastWinsockError("setsockopt");
    }
    return absl::OkStatus();
  }

  absl::StatusOr<uint32_t> GetOption(SocketId id,
                                     SocketOption option) override {
    if (option == SocketOption::kCpuAffinity) {
      // No getsockopt reads it; Winsock looks at the socket before the
      // option, so a value that is no socket gets WSAENOTSOCK first.
      int type = 0;
      int size = sizeof(type);
      if (getsockopt(static_cast<SOCKET>(id), SOL_SOCKET, SO_TYPE,
                     reinterpret_cast<char*>(&type), &size) == SOCKET_ERROR) {
        return LastWinsockError("getsockopt");
      }
      return WindowsError(kWsaENoProtoOpt,
                          "getsockopt: SIO_CPU_AFFINITY cannot be read");
    }
    const auto [level, name] = OptionName(option);
    DWORD flag = 0;
    int length = sizeof(flag);
    if (getsockopt(static_cast<SOCKET>(id), level, name,
                   reinterpret_cast<char*>(&flag), &length) == SOCKET_ERROR) {
      return LastWinsockError("getsockopt");
    }
    return flag != 0 ? 1u : 0u;
  }

  absl::StatusOr<Reservation> Acquire(SocketId id, PortRange range) override {
    // The shared check, where Windows would reach it: on a TCP or UDP
    // socket of ours (a raw one gets WSAEOPNOTSUPP first, AQ), and not on a
    // platform that answers every call WSAEOPNOTSUPP first.
    if (ChecksArguments(id)) {
      if (absl::Status s = internal::ValidateRuntimeRange(range); !s.ok()) {
        return s;
      }
    }
    INET_PORT_RANGE in = {htons(range.start), range.count};  // spec §1.2
    INET_PORT_RESERVATION_INSTANCE out = {};
    DWORD bytes = 0;
    if (WSAIoctl(static_cast<SOCKET>(id), SIO_ACQUIRE_PORT_RESERVATION, &in,
                 sizeof(in), &out, sizeof(out), &bytes, nullptr,
                 nullptr) == SOCKET_ERROR) {
      return LastWinsockError("SIO_ACQUIRE_PORT_RESERVATION");
    }
    if (bytes != sizeof(out)) {  // the page: "cannot be zero" on success
      return absl::InternalError(absl::StrCat(
          "SIO_ACQUIRE_PORT_RESERVATION succeeded with ", bytes,
          " bytes returned, not ", sizeof(out)));
    }
    return Reservation{
        {ntohs(out.Reservation.StartPort), out.Reservation.NumberOfPorts},
        Token(out.Token.Token)};
  }

  absl::Status Release(SocketId id, Token token) override {
    return TokenIoctl(id, token, SIO_RELEASE_PORT_RESERVATION,
                      "SIO_RELEASE_PORT_RESERVATION");
  }

  absl::Status Associate(SocketId id, Token token) override {
    return TokenIoctl(id, token, SIO_ASSOCIATE_PORT_RESERVATION,
                      "SIO_ASSOCIATE_PORT_RESERVATION");
  }

  absl::StatusOr<Token> CreatePersistent(Protocol protocol,
                                         PortRange range) override {
    const absl::string_view context = internal::PersistentFunctionName(
        internal::PersistentFunction::kCreate, protocol);
    CreateOrLookupFn create = ip_helper_.create[static_cast<int>(protocol)];
    if (create == nullptr) return WindowsError(kErrorNotSupported, context);
    if (absl::Status s = CheckPersistent(range, true, context); !s.ok()) {
      return s;
    }
    ULONG64 token = 0;
    if (ULONG rc = create(htons(range.start), range.count, &token)) {
      return WindowsError(rc, context);
    }
    return Token(token);
  }

  absl::Status DeletePersistent(Protocol protocol, PortRange range) override {
    const absl::string_view context = internal::PersistentFunctionName(
        internal::PersistentFunction::kDelete, protocol);
    DeleteFn remove = ip_helper_.remove[static_cast<int>(protocol)];
    if (remove == nullptr) return WindowsError(kErrorNotSupported, context);
    if (absl::Status s = CheckPersistent(range, true, context); !s.ok()) {
      return s;
    }
    if (ULONG rc = remove(htons(range.start), range.count)) {
      return WindowsError(rc, context);
    }
    return absl::OkStatus();
  }

  absl::StatusOr<Token> LookupPersistent(Protocol protocol,
                                         PortRange range) override {
    const absl::string_view context = internal::PersistentFunctionName(
        internal::PersistentFunction::kLookup, protocol);
    CreateOrLookupFn lookup = ip_helper_.lookup[static_cast<int>(protocol)];
    if (lookup == nullptr) return WindowsError(kErrorNotSupported, context);
    if (absl::Status s = CheckPersistent(range, false, context); !s.ok()) {
      return s;
    }
    ULONG64 token = 0;
    if (ULONG rc = lookup(htons(range.start), range.count, &token)) {
      return WindowsError(rc, context);
    }
    return Token(token);
  }

 private:
  // Whether Windows would check the ioctl's arguments on `id`: a TCP or UDP
  // socket this backend opened, on a platform with the ioctls.
  bool ChecksArguments(SocketId id) {
    if (!has_ioctls_) return false;
    std::lock_guard lock(mu_);
    auto it = types_.find(id);
    return it != types_.end() && it->second != SocketType::kRaw;
  }

  absl::Status TokenIoctl(SocketId id, Token token, DWORD code,
                          absl::string_view context) {
    // Spec U7, U11: token 0, where Windows checks it.
    if (ChecksArguments(id)) {
      if (absl::Status s = internal::ValidateTokenArgument(token, context);
          !s.ok()) {
        return s;
      }
    }
    ULONG64 value = token.value();
    DWORD bytes = 0;
    if (WSAIoctl(static_cast<SOCKET>(id), code, &value, sizeof(value), nullptr,
                 0, &bytes, nullptr, nullptr) == SOCKET_ERROR) {
      return LastWinsockError(context);
    }
    return absl::OkStatus();
  }

  // Spec U16: access before parameters, as the simulator checks them.
  absl::Status CheckPersistent(PortRange range, bool needs_admin,
                               absl::string_view context) {
    if (needs_admin && !Win32ProcessIsElevated()) {
      return WindowsError(kErrorAccessDenied, context);
    }
    return internal::ValidatePersistentRange(range);
  }

  const IpHelper ip_helper_;
  const bool has_ioctls_;
  // A standard lock: Abseil's Mutex API differs between the Debian and
  // vcpkg releases we build against (newer ones deprecate Lock() and
  // MutexLock(Mutex*), C4996).
  std::mutex mu_;
  // The type of each socket this backend opened and has not closed, for
  // the shared argument checks. Guarded by mu_.
  absl::flat_hash_map<SocketId, SocketType> types_;
};

}  // namespace

bool Win32ProcessIsElevated() {
  HANDLE token = nullptr;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return false;
  TOKEN_ELEVATION elevation = {};
  DWORD size = 0;
  const bool ok = GetTokenInformation(token, TokenElevation, &elevation,
                                      sizeof(elevation), &size);
  CloseHandle(token);
  return ok && elevation.TokenIsElevated != 0;
}

bool RunningUnderWine() {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll != nullptr &&
         GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

absl::StatusOr<std::unique_ptr<PortReservations>> NewWin32PortReservations() {
  WSADATA data;
  if (int rc = WSAStartup(MAKEWORD(2, 2), &data); rc != 0) {
    return WindowsError(static_cast<uint32_t>(rc), "WSAStartup");
  }
  if (LOBYTE(data.wVersion) != 2 || HIBYTE(data.wVersion) != 2) {
    WSACleanup();  // the WSAStartup page: a version we cannot use
    return WindowsError(kWsaVerNotSupported,
                        absl::StrCat("WSAStartup: Winsock ",
                                     LOBYTE(data.wVersion), ".",
                                     HIBYTE(data.wVersion), ", not 2.2"));
  }
  return std::make_unique<Win32PortReservations>();
}

}  // namespace portres
