// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: windef.h
 *
 * portres's stand-in for <windef.h> (with the <minwindef.h> part): BOOL,
 * BYTE, WORD, DWORD, INT, UINT, FLOAT and their P/LP pointer names, TRUE and
 * FALSE, the word-splitting macros, and the calling-convention keywords,
 * which mean nothing off Windows. min and max are not defined: as macros
 * they would break std::min and std::max, so Windows code built here acts
 * as if NOMINMAX were set; nor are the lower-case far and near, which no
 * current code needs and which name ordinary variables elsewhere.
 *
 * Example:
 *   DWORD flags = MAKELONG(1, 2);  // LOWORD(flags) == 1, HIWORD(flags) == 2
 *
 * Thread safety: declarations only.
 */
#ifndef PORTRES_COMPAT_WINDEF_H_
#define PORTRES_COMPAT_WINDEF_H_

#include "portres_winnt.h"

#define WINAPI
#define WINAPIV
#define APIENTRY
#define APIPRIVATE
#define PASCAL
#define CALLBACK
#define WSAAPI
#ifndef __cdecl
#define __cdecl
#endif
#ifndef __stdcall
#define __stdcall
#endif
#define IN
#define OUT
#define OPTIONAL
#define FAR
#define NEAR

typedef int BOOL, *PBOOL, *LPBOOL;
typedef unsigned char BYTE, *PBYTE, *LPBYTE;
typedef unsigned short WORD, *PWORD, *LPWORD;
typedef unsigned int DWORD, *PDWORD, *LPDWORD; /* 32 bits, as on Windows */
typedef float FLOAT, *PFLOAT;
typedef int INT, *PINT, *LPINT;
typedef unsigned int UINT, *PUINT;
typedef LONG* LPLONG;
typedef void* LPVOID;
typedef const void* LPCVOID;
typedef UINT_PTR WPARAM;
typedef LONG_PTR LPARAM;
typedef LONG_PTR LRESULT;
typedef HANDLE HINSTANCE;
typedef HANDLE HMODULE;
typedef HANDLE HLOCAL;
typedef HANDLE HGLOBAL;
typedef HANDLE HKEY;
typedef HANDLE HWND;
typedef int (*FARPROC)(void);

#ifndef NULL
#ifdef __cplusplus
#define NULL 0
#else
#define NULL ((void*)0)
#endif
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef TRUE
#define TRUE 1
#endif

#define MAKEWORD(low, high) \
  ((WORD)(((BYTE)(((DWORD_PTR)(low)) & 0xff)) | \
          ((WORD)((BYTE)(((DWORD_PTR)(high)) & 0xff))) << 8))
#define MAKELONG(low, high) \
  ((LONG)(((WORD)(((DWORD_PTR)(low)) & 0xffff)) | \
          ((DWORD)((WORD)(((DWORD_PTR)(high)) & 0xffff))) << 16))
#define LOWORD(l) ((WORD)(((DWORD_PTR)(l)) & 0xffff))
#define HIWORD(l) ((WORD)((((DWORD_PTR)(l)) >> 16) & 0xffff))
#define LOBYTE(w) ((BYTE)(((DWORD_PTR)(w)) & 0xff))
#define HIBYTE(w) ((BYTE)((((DWORD_PTR)(w)) >> 8) & 0xff))

#endif /* PORTRES_COMPAT_WINDEF_H_ */
