-- The trigger benchmark's data (scripts/trigger-bench.sh): :clients clients, each with a WhatsApp integration and
-- :per_client contacts and conversations, and one time-based trigger (the seed's follow-up: 3 days after the last
-- message). :due conversations wrote 4 days ago, so their timers are due; the others wrote within the last 2 days.
-- Contacts hold placeholders where the vault's sealed values would be: the scheduler's queries never read them.
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO clients (id, name, created_at, updated_at)
    SELECT 'client-' || i, 'Client ' || i, now(), now() FROM generate_series(1, :clients) i;
INSERT INTO integrations (id, client_id, type, provider, name, status, config, created_at, updated_at)
    SELECT 'integration-' || i, 'client-' || i, 'whatsapp', 'uazapi', 'WhatsApp', 'connected', '{}', now(), now()
    FROM generate_series(1, :clients) i;
INSERT INTO contacts (id, client_id, channel, address_index, index_key_id, address, name, created_at, updated_at)
    SELECT 'contact-' || n, 'client-' || (n % :clients + 1), 'whatsapp', md5(n::text), 'bench', 'sealed', NULL, now(), now()
    FROM generate_series(1, :clients * :per_client) n;
INSERT INTO conversations (id, client_id, integration_id, contact_id, channel, status, inbound_count, created_at, updated_at,
        last_message_at, last_inbound_at)
    SELECT 'conversation-' || lpad(n::text, 8, '0'), 'client-' || (n % :clients + 1), 'integration-' || (n % :clients + 1),
        'contact-' || n, 'whatsapp', 'open', 1, wrote, wrote, wrote, wrote
    FROM (SELECT n, CASE WHEN n <= :due THEN now() - interval '4 days' - n * interval '1 second'
                         ELSE now() - random() * interval '2 days' END AS wrote
          FROM generate_series(1, :clients * :per_client) n) written;
INSERT INTO triggers (id, client_id, name, description, trigger_type, trigger_config, condition_type, condition_config, action_type,
        action_config, active, created_at, updated_at, reference_field, delay_seconds)
    SELECT 'trigger-' || i, 'client-' || i, 'Follow-up de Inatividade', 'Envia mensagem após 3 dias sem resposta', 'time_based',
        '{"delay_days":3,"reference_field":"conversations.last_message_at"}', 'field_equals',
        '{"field":"conversations.status","operator":"equals","value":"open"}', 'send_message',
        '{"channel":"whatsapp","message":"Olá! Posso ajudar em algo?"}', 1, now(), now(), 'last_message_at', 259200
    FROM generate_series(1, :clients) i;
COMMIT;
VACUUM (ANALYZE) clients, integrations, contacts, conversations, triggers;
