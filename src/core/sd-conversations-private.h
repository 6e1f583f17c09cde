/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-conversation.h"
#include "sd-db.h"

G_BEGIN_DECLS

/* Inside a write transaction: that the conversation SEEN (as the caller read it before) is,
 * when CHECK_STAFF, still with the same agent and, when CHECK_OPEN, not closed. Its row is
 * held until the transaction ends, so another desktop changing it at the same time waits
 * and then finds it changed. SD_ERROR_CONFLICT saying what changed. */
gboolean _sd_conversations_still_as_seen (SdDb                 *db,
                                          const SdConversation *seen,
                                          gboolean              check_staff,
                                          gboolean              check_open,
                                          GError              **error);

G_END_DECLS
