/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SD_ERROR (sd_error_quark ())

/* Codes a caller can act on; the message says the rest to a person. */
typedef enum
{
  SD_ERROR_INVALID_INPUT,
  SD_ERROR_NOT_FOUND,
  SD_ERROR_CONFLICT,
  SD_ERROR_PERMISSION_DENIED,
  SD_ERROR_AUTH_EXPIRED,
  SD_ERROR_RATE_LIMITED,
  SD_ERROR_NETWORK,
  SD_ERROR_CORRUPT,
  SD_ERROR_TOO_NEW,
  SD_ERROR_IO,
  SD_ERROR_AUTH_FAILED,              /* unknown name or wrong password */
  SD_ERROR_ACCOUNT_LOCKED,
  SD_ERROR_ACCOUNT_DISABLED,
  SD_ERROR_PASSWORD_CHANGE_REQUIRED,
  SD_ERROR_NO_ACCOUNTS,              /* an old shop whose owner has no password yet */
  SD_ERROR_STALE,                    /* changed by someone else since it was read */
} SdError;

GQuark sd_error_quark (void);

G_END_DECLS
