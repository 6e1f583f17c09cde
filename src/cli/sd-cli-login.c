/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sd-cli.h"
#include "sd-error.h"
#include "sd-password.h"
#include "sd-shop.h"

/* Longer than any password a person types; what is longer is refused, not cut. */
#define MAX_PASSWORD_BYTES 1024

/* Signals that stop or end the program while the terminal does not echo. Their handler
 * only notes them; the prompt puts the terminal back and then lets them act. */
static const int prompt_signals[] = {
  SIGALRM, SIGHUP, SIGINT, SIGPIPE, SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU,
};

static volatile sig_atomic_t received_signals[NSIG];

static void
prompt_signal_cb (int signo)
{
  received_signals[signo] = 1;
}

static gboolean
any_signal_received (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (prompt_signals); i++)
    if (received_signals[prompt_signals[i]])
      return TRUE;
  return FALSE;
}

static void
write_all (int         fd,
           const char *text)
{
  size_t left = strlen (text);

  while (left > 0)
    {
      ssize_t n = write (fd, text, left);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      text += n;
      left -= (size_t) n;
    }
}

static void
wipe_string (GString *text)
{
  explicit_bzero (text->str, text->allocated_len);
  g_string_free (text, TRUE);
}

/* One line from the terminal FD with echo off. FALSE with *OUT_SIGNALLED set when a
 * signal came; the terminal is as it was either way. */
static gboolean
read_line_hidden (int          fd,
                  const char  *prompt,
                  GString     *line,
                  gboolean    *out_stopped,
                  GError     **error)
{
  struct sigaction action = { 0 };
  struct sigaction saved_actions[G_N_ELEMENTS (prompt_signals)];
  struct termios saved, quiet;
  gboolean done = FALSE, too_long = FALSE, read_failed = FALSE;
  int read_errno = 0;

  *out_stopped = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (prompt_signals); i++)
    received_signals[prompt_signals[i]] = 0;

  /* No SA_RESTART: a signal ends the read() with EINTR. */
  action.sa_handler = prompt_signal_cb;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (prompt_signals); i++)
    sigaction (prompt_signals[i], &action, &saved_actions[i]);

  if (tcgetattr (fd, &saved) != 0)
    {
      int saved_errno = errno;
      for (guint i = 0; i < G_N_ELEMENTS (prompt_signals); i++)
        sigaction (prompt_signals[i], &saved_actions[i], NULL);
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Could not read a password from the terminal: %s"),
                   g_strerror (saved_errno));
      return FALSE;
    }
  quiet = saved;
  quiet.c_lflag &= ~(tcflag_t) (ECHO | ECHONL);
  while (tcsetattr (fd, TCSAFLUSH, &quiet) != 0 && errno == EINTR && !any_signal_received ())
    ;

  write_all (fd, prompt);
  /* Asked again after a stop: what was typed before goes. */
  explicit_bzero (line->str, line->allocated_len);
  g_string_truncate (line, 0);
  while (!done && !any_signal_received ())
    {
      char c;
      ssize_t n = read (fd, &c, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          read_failed = TRUE;
          read_errno = errno;
          break;
        }
      if (n == 0 || c == '\n' || c == '\r')
        done = TRUE;
      else if (line->len < MAX_PASSWORD_BYTES)
        g_string_append_c (line, c);
      else
        too_long = TRUE;
    }

  /* The terminal first, then the signals: a Ctrl+C leaves the shell echoing. */
  while (tcsetattr (fd, TCSAFLUSH, &saved) != 0 && errno == EINTR)
    ;
  write_all (fd, "\n");
  for (guint i = 0; i < G_N_ELEMENTS (prompt_signals); i++)
    sigaction (prompt_signals[i], &saved_actions[i], NULL);

  for (guint i = 0; i < G_N_ELEMENTS (prompt_signals); i++)
    {
      int signo = prompt_signals[i];
      if (!received_signals[signo])
        continue;
      /* Suspended (Ctrl+Z): after `fg` the prompt asks again. */
      if (signo == SIGTSTP || signo == SIGTTIN || signo == SIGTTOU)
        *out_stopped = TRUE;
      kill (getpid (), signo);
    }
  if (*out_stopped)
    return FALSE;
  if (any_signal_received ())
    {
      /* Still here: the signal was ignored by whoever started us. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled."));
      return FALSE;
    }
  if (read_failed)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Could not read a password from the terminal: %s"),
                   g_strerror (read_errno));
      return FALSE;
    }
  if (too_long)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("The password is longer than %d bytes."), MAX_PASSWORD_BYTES);
      return FALSE;
    }
  return TRUE;
}

static char *
prompt_hidden (int          fd,
               const char  *prompt,
               GError     **error)
{
  /* Never grown, so never copied: the one buffer is wiped when freed. */
  GString *line = g_string_sized_new (MAX_PASSWORD_BYTES + 1);
  gboolean stopped = TRUE;

  while (stopped)
    {
      if (!read_line_hidden (fd, prompt, line, &stopped, error) && !stopped)
        {
          wipe_string (line);
          return NULL;
        }
    }
  return g_string_free (line, FALSE);
}

SdCliPassword
sd_cli_read_password (const char  *env_name,
                      const char  *prompt,
                      const char  *repeat_prompt,
                      GError     **error)
{
  const char *value = env_name ? g_getenv (env_name) : NULL;
  g_auto(SdCliPassword) first = NULL;
  g_auto(SdCliPassword) second = NULL;
  int fd;

  if (value != NULL)
    return g_strdup (value);

  /* The controlling terminal, not standard input: a password never comes from a pipe. */
  fd = open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED,
                   _("No password: set %s or run on a terminal."), env_name ? env_name : "SHOPDESK_PASSWORD");
      return NULL;
    }
  first = prompt_hidden (fd, prompt, error);
  if (first != NULL && repeat_prompt != NULL)
    {
      /* Say what is wrong with a new password before asking for it again. */
      if (!sd_password_check_new (first, error))
        g_clear_pointer (&first, sd_cli_password_free);
      else
        {
          second = prompt_hidden (fd, repeat_prompt, error);
          if (second == NULL)
            g_clear_pointer (&first, sd_cli_password_free);
          else if (strcmp (first, second) != 0)
            {
              g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                                   _("The two passwords differ; nothing was changed."));
              g_clear_pointer (&first, sd_cli_password_free);
            }
        }
    }
  close (fd);
  return g_steal_pointer (&first);
}

void
sd_cli_password_free (SdCliPassword password)
{
  if (password == NULL)
    return;
  explicit_bzero (password, strlen (password));
  g_free (password);
}

/* A shop made before accounts existed: its owner names themselves and sets a password. */
static int
claim_shop (const char *path,
            const char *shop_name,
            const char *owner)
{
  g_autoptr(SdDb) db = NULL;
  g_autoptr(SdSession) session = NULL;
  g_auto(SdCliPassword) password = NULL;
  GError *error = NULL;

  db = sd_db_open (path, &error);
  if (db == NULL)
    return sd_cli_fail (error);
  if (sd_session_shop_has_accounts (db))
    {
      g_printerr (_("shopdesk-cli: %s is a shop with accounts already: log in with --user NAME.\n"), path);
      return SD_CLI_FAILED;
    }
  password = sd_cli_read_password ("SHOPDESK_PASSWORD", _("The owner's new password: "),
                                   _("The same password again: "), &error);
  if (password == NULL)
    return sd_cli_fail (error);
  session = sd_session_claim_shop (db, owner, password, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (shop_name != NULL && !sd_shop_set_name (session, shop_name, &error))
    return sd_cli_fail (error);
  g_print (_("The shop in %s now has its owner account “%s”. Log in with --user %s.\n"),
           path, sd_session_get_full_name (session), sd_session_get_staff_name (session));
  return SD_CLI_OK;
}

int
sd_cli_init (const SdCliGlobals *globals,
             int                 argc,
             char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— create a shop with its owner's account"));
  g_autofree char *shop_name = NULL;
  g_autofree char *owner = NULL;
  GOptionEntry entries[] = {
    { "shop", 0, 0, G_OPTION_ARG_STRING, &shop_name, N_("The shop's name, e.g. the store's name on Taobao"), "NAME" },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, N_("The owner's login name (主账号)"), "NAME" },
    { NULL }
  };
  g_autofree char *path = sd_cli_shop_path (globals);
  g_autoptr(SdSession) session = NULL;
  g_auto(SdCliPassword) password = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, _("The owner's password comes from SHOPDESK_PASSWORD, or is asked "
                                               "twice on the terminal. On a shop made before accounts existed, "
                                               "init gives it its owner (--shop is then optional)."));
  if (!sd_cli_begin_command (NULL, context, NULL, 0,
                             _("init takes no arguments besides its options."), &argc, &argv, NULL,
                             &status))
    return status;
  if (owner == NULL)
    return sd_cli_usage (_("init needs the owner's login name: --owner NAME."));

  if (sd_db_shop_exists (path))
    return claim_shop (path, shop_name, owner);
  if (shop_name == NULL)
    return sd_cli_usage (_("init needs the shop's name for a new shop: --shop NAME."));

  password = sd_cli_read_password ("SHOPDESK_PASSWORD", _("The owner's password: "),
                                   _("The same password again: "), &error);
  if (password == NULL)
    return sd_cli_fail (error);
  session = sd_shop_create (path, shop_name, owner, password, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  {
    g_autofree char *quoted_path = sd_cli_shell_quote (path);
    g_autofree char *quoted_user = sd_cli_shell_quote (sd_session_get_staff_name (session));
    g_print (_("Created the shop “%s” in %s with its owner account “%s”.\n"),
             shop_name, path, sd_session_get_full_name (session));
    g_print (_("Log in with: shopdesk-cli --db %s --user %s COMMAND (the password from SHOPDESK_PASSWORD "
               "or the prompt)\n"),
             quoted_path, quoted_user);
  }
  return SD_CLI_OK;
}

int
sd_cli_passwd (const SdCliGlobals *globals,
               int                 argc,
               char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— change your password"));
  g_autoptr(SdSession) session = NULL;
  g_auto(SdCliPassword) old_password = NULL;
  g_auto(SdCliPassword) new_password = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_set_description (context, _("The current password comes from SHOPDESK_PASSWORD or a prompt, "
                                               "the new one from SHOPDESK_NEW_PASSWORD or is asked twice. "
                                               "An account whose password was reset can run only this."));
  if (!sd_cli_begin_command (NULL, context, NULL, 0,
                             _("passwd takes no arguments: log in with --user NAME."), &argc, &argv,
                             NULL, &status))
    return status;

  session = sd_cli_open_session_full (globals, SD_CLI_SESSION_FOR_PASSWORD_CHANGE, &old_password, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  new_password = sd_cli_read_password ("SHOPDESK_NEW_PASSWORD", _("New password: "),
                                       _("The same password again: "), &error);
  if (new_password == NULL)
    return sd_cli_fail (error);
  if (!sd_session_change_password (session, old_password, new_password, &error))
    return sd_cli_fail (error);
  g_print (_("Changed the password of %s.\n"), sd_session_get_full_name (session));
  return SD_CLI_OK;
}
