// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: winnt.h
 *
 * portres's stand-in for the base of <winnt.h>: characters and strings,
 * LONG/LONGLONG and friends, HANDLE, HRESULT, BOOLEAN, the LARGE_INTEGER
 * unions, the Rtl*Memory macros and the helpers every Windows file takes for
 * granted (EXTERN_C, UNALIGNED, UNREFERENCED_PARAMETER, RTL_NUMBER_OF,
 * FIELD_OFFSET, C_ASSERT, FORCEINLINE, DECLSPEC_ALIGN).
 *
 * Two widths cannot follow Windows on Linux and are documented in the
 * README's compat table: WCHAR is the host's wchar_t (4 bytes; Windows: 2),
 * and LONG/ULONG/DWORD are 32-bit `int`s rather than Windows' 32-bit
 * `long` (the host's long is 64-bit), so their widths match Windows and
 * their C++ type identities cannot.
 *
 * Example:
 *   EXTERN_C HRESULT Start(_In_ PCWSTR name);
 *   void Callback(PVOID context) { UNREFERENCED_PARAMETER(context); }
 *
 * Thread safety: declarations only.
 */
#ifndef PORTRES_COMPAT_WINNT_H_
#define PORTRES_COMPAT_WINNT_H_

#include <stddef.h>
#include <string.h>
#include <wchar.h>

#include "portres_basetsd.h"
#include "portres_sal.h"

#ifdef __cplusplus
#define EXTERN_C extern "C"
#define EXTERN_C_START extern "C" {
#define EXTERN_C_END }
#else
#define EXTERN_C extern
#define EXTERN_C_START
#define EXTERN_C_END
#endif

#define VOID void
#define CONST const
#define UNALIGNED
#define UNALIGNED64
#define RESTRICTED_POINTER
#define POINTER_32
#define POINTER_64
#ifdef __cplusplus
#define FORCEINLINE inline __attribute__((always_inline))
#else
#define FORCEINLINE static inline __attribute__((always_inline))
#endif
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#define DECLSPEC_NOINLINE __attribute__((noinline))
#define DECLSPEC_NORETURN __attribute__((noreturn))
#define DECLSPEC_SELECTANY __attribute__((weak))
#define DECLSPEC_IMPORT
#define DECLSPEC_EXPORT __attribute__((visibility("default")))
#define NTAPI
#define ANYSIZE_ARRAY 1

#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
#define C_ASSERT(e) typedef char __C_ASSERT__[(e) ? 1 : -1]
#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type*)0)->field))
#define RTL_NUMBER_OF_V1(A) (sizeof(A) / sizeof((A)[0]))
#define RTL_NUMBER_OF(A) RTL_NUMBER_OF_V1(A)
#define ARRAYSIZE(A) RTL_NUMBER_OF_V1(A)
#define _ARRAYSIZE(A) RTL_NUMBER_OF_V1(A)
#ifndef _countof
#define _countof(A) RTL_NUMBER_OF_V1(A)
#endif
#define CONTAINING_RECORD(address, type, field) \
  ((type*)((char*)(address) - offsetof(type, field)))

#define RtlEqualMemory(a, b, n) (memcmp((a), (b), (n)) == 0)
#define RtlMoveMemory(dest, src, n) memmove((dest), (src), (n))
#define RtlCopyMemory(dest, src, n) memcpy((dest), (src), (n))
#define RtlFillMemory(dest, n, fill) memset((dest), (fill), (n))
#define RtlZeroMemory(dest, n) memset((dest), 0, (n))
#define RtlSecureZeroMemory(dest, n) memset((dest), 0, (n))

typedef char CHAR, *PCHAR, *LPCH, *PCH;
typedef unsigned char UCHAR, *PUCHAR;
typedef short SHORT, *PSHORT;
typedef unsigned short USHORT, *PUSHORT;
typedef int LONG, *PLONG;             /* 32 bits, as on Windows */
typedef unsigned int ULONG, *PULONG;  /* 32 bits, as on Windows */
typedef long long LONGLONG, *PLONGLONG;
typedef unsigned long long ULONGLONG, *PULONGLONG;
typedef unsigned char BOOLEAN, *PBOOLEAN;
typedef char CCHAR;
typedef ULONG LCID;
typedef LONG HRESULT;
typedef void* PVOID;
typedef void* HANDLE;
typedef HANDLE* PHANDLE;

typedef wchar_t WCHAR, *PWCHAR, *LPWCH, *PWCH;
typedef WCHAR *PWSTR, *LPWSTR, *NWPSTR;
typedef const WCHAR *PCWSTR, *LPCWSTR, *PCWCH, *LPCWCH;
typedef CHAR *PSTR, *LPSTR, *NPSTR;
typedef const CHAR *PCSTR, *LPCSTR, *PCCH, *LPCCH;
#ifdef UNICODE
typedef WCHAR TCHAR, *PTCHAR;
typedef LPWSTR LPTSTR, PTSTR;
typedef LPCWSTR LPCTSTR, PCTSTR;
#define __TEXT(quote) L##quote
#else
typedef char TCHAR, *PTCHAR;
typedef LPSTR LPTSTR, PTSTR;
typedef LPCSTR LPCTSTR, PCTSTR;
#define __TEXT(quote) quote
#endif
#define TEXT(quote) __TEXT(quote)

typedef union _LARGE_INTEGER {
  struct {
    ULONG LowPart;
    LONG HighPart;
  };
  struct {
    ULONG LowPart;
    LONG HighPart;
  } u;
  LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
  struct {
    ULONG LowPart;
    ULONG HighPart;
  };
  struct {
    ULONG LowPart;
    ULONG HighPart;
  } u;
  ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

#define MINCHAR 0x80
#define MAXCHAR 0x7f
#define MINSHORT 0x8000
#define MAXSHORT 0x7fff
#define MINLONG 0x80000000
#define MAXLONG 0x7fffffff
#define MAXBYTE 0xff
#define MAXWORD 0xffff
#define MAXDWORD 0xffffffff
#define MAXLONGLONG (0x7fffffffffffffffLL)

#endif /* PORTRES_COMPAT_WINNT_H_ */
