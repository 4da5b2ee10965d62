/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bs-server.h"
#include "bs-test-async.h"

G_BEGIN_DECLS

/* A real BsServer on 127.0.0.1, port 0, over a database in a fresh temp folder. */
typedef struct
{
  char *dir;
  char *db_path;
  BsServer *server;
  SoupSession *session;
} BsTestServer;

typedef struct
{
  guint status;
  SoupMessageHeaders *headers;
  GBytes *body;
} BsTestResponse;

void            bs_test_use_translations (void);
char           *bs_test_make_temp_dir    (void);
void            bs_test_remove_dir       (const char    *dir);
char           *bs_test_database_location (const char   *dir);
gboolean        bs_test_on_postgres      (void);
char           *bs_test_db_query         (const char    *location,
                                          const char    *sql,
                                          const char    *param,
                                          const char    *separator);
BsTestServer   *bs_test_server_new       (gboolean       demo,
                                          guint          n_threads);
BsTestServer   *bs_test_server_new_configured (const BsServerConfig *config);
void            bs_test_server_free      (BsTestServer  *fixture);
BsTestResponse *bs_test_request          (BsTestServer  *fixture,
                                          const char    *method,
                                          const char    *path,
                                          const char    *body,
                                          ...) G_GNUC_NULL_TERMINATED;
void            bs_test_response_free    (BsTestResponse *response);
const char     *bs_test_response_text    (BsTestResponse *response);
JsonNode       *bs_test_response_json    (BsTestResponse *response);
const char     *bs_test_response_header  (BsTestResponse *response,
                                          const char     *name);
void            bs_test_assert_error     (BsTestResponse *response,
                                          guint           status,
                                          const char     *message_part);
char           *bs_test_raw_request      (guint           port,
                                          const char     *request);
char           *bs_test_expand           (const char     *text,
                                          ...) G_GNUC_NULL_TERMINATED;
char           *bs_test_sign_up          (BsTestServer   *fixture,
                                          const char     *username,
                                          const char     *password);
guint           bs_test_guess_at_once    (BsTestServer  **nodes,
                                          guint           n_nodes,
                                          const char     *username,
                                          guint           n_guesses);
char           *bs_test_sign_in          (BsTestServer   *fixture,
                                          const char     *username,
                                          const char     *password);
BsTestResponse *bs_test_customer_request (BsTestServer   *fixture,
                                          const char     *token,
                                          const char     *method,
                                          const char     *path,
                                          const char     *body);
guint           bs_test_customer_status  (BsTestServer   *fixture,
                                          const char     *token,
                                          const char     *method,
                                          const char     *path,
                                          const char     *body);
char           *bs_test_board_from_orders (const char   *db_path);
char           *bs_test_leaderboard_text (BsTestServer   *fixture);

/* The live best sellers' socket, and the frames it got. */
typedef struct
{
  SoupSession *session;
  SoupWebsocketConnection *connection;
  GPtrArray *frames;   /* GBytes */
  GError *error;
} BsTestLive;

BsTestLive     *bs_test_live_connect     (const char     *server_url);
void            bs_test_live_wait        (BsTestLive     *live,
                                          guint           count,
                                          double          seconds);
char           *bs_test_live_frame       (BsTestLive     *live,
                                          guint           index);
void            bs_test_live_free        (BsTestLive     *live);
void            bs_test_rename_book      (BsTestServer   *fixture,
                                          const char     *book_id,
                                          const char     *name);
double          bs_test_median           (GArray         *values);
double          bs_test_percentile       (GArray         *values,
                                          guint           percent);
gint64          bs_test_stream_lag       (BsTestServer   *fixture);
gboolean        bs_test_stream_caught_up (gpointer        fixture);
JsonObject     *bs_test_object_member_at (JsonArray      *array,
                                          guint           index,
                                          const char     *member);
void            bs_test_print_stack_on_crash (void);

SoupServer     *bs_test_fake_server_new  (SoupServerCallback handler,
                                          gpointer       user_data,
                                          char         **out_base);
void            bs_test_fake_server_free (SoupServer    *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsTestServer, bs_test_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsTestResponse, bs_test_response_free)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsTestLive, bs_test_live_free)

G_END_DECLS
