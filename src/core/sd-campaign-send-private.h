/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-campaign-send.h"

G_BEGIN_DECLS

/* Tests: how long the send job waits after a throttled or failing batch before trying
 * again (default 60 000 ms), and how often it re-reads the clock while waiting for the
 * sending window (default 1000 ms). 0 keeps the current value. */
void _sd_campaign_send_set_waits (guint backoff_ms,
                                  guint window_poll_ms);

G_END_DECLS
