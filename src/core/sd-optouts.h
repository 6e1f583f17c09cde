/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-session.h"

G_BEGIN_DECLS

/* Numbers that refused marketing SMS (MIIT Order 31: stop when the user refuses). A number
 * counts whichever customer carries it. An opt-out takes effect at once: every queued row of
 * every campaign for that number is withdrawn in the same transaction, so a running send
 * never sends it (the sender re-checks each batch before it leaves).
 *
 * sms_optouts keeps a number in E.164 as customers.phone has it ("+8613800000000"), so the
 * audience and the outbox (campaign_recipients.phone, also E.164) match it as it is;
 * "138 0000 0000", "+86 138-0000-0000" and "8613800000000" are the same number.
 * Adding and importing need customers.edit. */

typedef struct
{
  guint   rows;          /* data rows read (a header not counted) */
  guint   added;         /* numbers newly opted out */
  guint   already;       /* numbers that were opted out already */
  guint   skipped;       /* rows that are not an opt-out (a reply other than R/T/TD) */
  gint64  withdrawn;     /* queued campaign messages withdrawn */
} SdOptoutImportResult;

/* Opts PHONE out (SOURCE: where from, e.g. "manual", "reply", "import"; NULL: "manual").
 * Returns TRUE when the number was added or already there; *OUT_WITHDRAWN (may be NULL):
 * queued messages withdrawn. SD_ERROR_INVALID_INPUT when PHONE is not a mainland mobile
 * number. Audited (optouts.add) with the number masked. */
gboolean  sd_optouts_add          (SdSession            *session,
                                   const char           *phone,
                                   const char           *source,
                                   gint64               *out_withdrawn,
                                   GError              **error);
/* Whether PHONE is opted out (no permission needed beyond customers.view). */
gboolean  sd_optouts_contains     (SdSession            *session,
                                   const char           *phone,
                                   GError              **error);
/* How many numbers are opted out. */
gint64    sd_optouts_count        (SdSession            *session,
                                   GError              **error);

/* Imports FILE, in one transaction (nothing is kept when a row is wrong):
 *  - a CSV of replies with a header naming a phone column (phone/mobile/number/手机/手机号/
 *    号码) and a reply column (reply/content/text/回复/内容): rows whose reply is R, T or TD
 *    (any case, spaces trimmed) opt their number out, other replies are skipped;
 *  - a CSV with only a phone column, or a plain list of numbers one a line: every number
 *    opts out.
 * Empty lines and lines starting with # are ignored. Errors: SD_ERROR_INVALID_INPUT naming the
 * file, the row (1-based, as a text editor counts lines) and the column of the first bad
 * number; SD_ERROR_IO when the file cannot be read. Audited (optouts.import) with the counts. */
gboolean  sd_optouts_import_file  (SdSession            *session,
                                   GFile                *file,
                                   SdOptoutImportResult *result,
                                   GCancellable         *cancellable,
                                   GError              **error);

G_END_DECLS
