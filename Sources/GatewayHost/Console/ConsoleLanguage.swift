import Foundation

/// The console's UI language: Portuguese or English. `?lang=` (kept in a cookie) overrides `Accept-Language`, whose
/// first language the console speaks wins; English otherwise.
enum ConsoleLanguage: String, CaseIterable, Sendable {
    case en
    case pt

    static let cookie = "gw_lang"

    static func chosen(query: String?, cookie: String?, acceptLanguage: String?) -> ConsoleLanguage {
        if let choice = (query ?? cookie).flatMap(ConsoleLanguage.init(rawValue:)) { return choice }
        for range in (acceptLanguage ?? "").split(separator: ",") {
            let tag = range.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            if let language = ConsoleLanguage(rawValue: String(tag.prefix(2))) { return language }
        }
        return .en
    }

    /// The `lang` attribute of the pages.
    var tag: String { self == .pt ? "pt-BR" : "en" }

    /// Every text of the pages, by key.
    var text: [String: String] {
        switch self {
        case .en: Self.english
        case .pt: Self.portuguese
        }
    }

    private static let english = [
        "title": "Gateway console", "signIn": "Sign in", "signOut": "Sign out", "credential": "API key or access token",
        "credentialHelp": "A client's API key (gwk_...), or an admin's access token from gateway token issue --role admin.",
        "signInFailed": "That key or token is not valid.", "tooMany": "Too many attempts: try again in a minute.",
        "integrations": "Integrations", "conversations": "Conversations", "type": "Type", "provider": "Provider",
        "status": "Status", "enabled": "Enabled", "role": "Role", "lastTested": "Last test", "lastError": "Last error",
        "noIntegrations": "No integration is configured yet.", "yes": "yes", "no": "no", "channel": "Channel",
        "any": "any", "tag": "Tag", "since": "Changed since", "filter": "Filter", "inbound": "In", "outbound": "Out",
        "lastMessage": "Last message", "noConversations": "No conversation matches.", "next": "Next page",
        "client": "Client", "language": "Language", "main": "Main navigation", "open": "open", "pending": "pending",
        "closed": "closed", "id": "Conversation", "deliveries": "Deliveries", "deliveryStatus": "Messages by status",
        "dead": "Dead letters", "failed": "Failed", "noMessages": "No message in this state.", "retryAll": "Retry every dead letter",
        "message": "Message", "attempts": "Attempts", "errorCode": "Error", "updated": "Updated", "actions": "Actions",
        "retry": "Retry", "score": "Lead score", "tags": "Tags", "tagsHelp": "Separated by commas.", "timeline": "Timeline",
        "messageKind": "message", "eventKind": "event", "triggers": "Triggers", "noTriggers": "No trigger yet.", "name": "Name",
        "when": "When", "then": "Then", "active": "Active", "executions": "Runs", "lastExecuted": "Last run", "on": "on", "off": "off",
        "switchOn": "Switch on", "switchOff": "Switch off", "notFound": "Not found", "notFoundText": "There is nothing with that id here.",
        "configure": "Configure", "switchClient": "Switch", "sentToday": "Sent today", "rateLeft": "Sends left this minute", "failoverOrder": "Fallbacks in failover order", "moveUp": "Move up", "clients": "Clients", "createClient": "Create a client",
        "limitsHelp": "Limits a minute; a blank field is the default shown.", "clientIDRule": "A client id is 1 to 64 lower-case letters, digits, '-' or '_'.",
        "clientExists": "A client with that id exists.", "executionsTitle": "Latest executions",
        "noExecutions": "It has not run yet.", "outcome": "Outcome", "reason": "Why", "executed": "executed", "skipped": "skipped",
        "failedRun": "failed", "newTrigger": "New trigger", "description": "Description",
        "trigger": "When", "condition": "If", "action": "Then", "configJSON": "Or the API's config as JSON",
        "configHelp": "When filled, this JSON object is used instead of the fields above (docs/triggers.md).", "simulate": "Simulate",
        "simulation": "What it would do now", "affected": "Conversations affected", "estimatedMessages": "Messages it would send",
        "truncated": "stopped early: the budget ran out", "nearMiss": "near miss", "dashboard": "Dashboard", "chartTitle": "The last 24 hours (UTC)",
        "receipts": "Receipts", "asTable": "As a table", "hour": "Hour", "outcomes": "Outbound messages per integration, last 24 hours",
        "noOutcomes": "No message went out in the last 24 hours.", "sentCount": "Sent", "failedCount": "Failed (receipts)",
        "notSent": "Not sent (yet)", "queue": "Queue (every client)", "ready": "Ready", "inFlight": "Sending", "delayed": "Waiting",
        "plugins": "Plugins loaded", "keys": "API keys", "createKey": "Create a key", "created": "Created",
        "revoked": "Revoked", "revoke": "Revoke", "keyName": "A key's name is 1 to 100 characters.",
        "keyCreated": "The new key, shown this once: copy it now.", "test": "Test", "configureType": "Configure %@", "choose": "Choose",
        "save": "Save", "testFirst": "Test the connection before saving", "secretHelp": "Write-only: leave empty to keep the stored value.",
        "saved": "Saved.", "tested": "Connection successful (%d ms).", "testFailed": "The %@ connection test failed: see the last error.",
        "replayed": "%d message(s) queued again.", "notReplayed": "Nothing was queued again: the message is no longer failed or dead.",
        "queued": "Queued", "sending": "Sending", "sent": "Sent", "nextAttempt": "Next attempt", "sentAt": "Sent at",
        "agentEndpoint": "Agent endpoint", "debounce": "Debounce", "maxWait": "Longest wait", "maxMessages": "Messages per turn",
        "turnFailures": "Turns that failed to reach it", "noTurnFailures": "No turn failed recently.",
        "noAgent": "No agent endpoint is configured (PUT /api/agent).", "confirmRetryAll": "Queue every dead letter again?",
        "confirmRevoke": "Revoke this key? Anything using it stops working.",
        "receiptKind": "receipt", "triggerKind": "trigger", "deliveredReceipt": "delivered", "readReceipt": "read",
        "failedReceipt": "failed", "agentTurn": "agent turn", "messagesCarried": "%lld message(s)", "leadFields": "Lead fields (JSON)",
        "leadFieldsHelp": "A JSON object; a field taken out of it is removed.",
        "failureRate": "Failure rate (receipts)", "backlog": "Your messages on their way", "plugin": "Plugin", "version": "Version",
        "health": "Health", "restarts": "Restarts", "plugin.ready": "ready", "plugin.idle": "ready (no process running)",
        "plugin.restarting": "restarting", "plugin.quarantined": "quarantined",
        "unit": "Unit", "join": "Join the comparisons by", "join.all": "all (every one holds)", "join.any": "any (one holds)",
        "comparisonField": "Field", "comparisonOperator": "Operator", "comparisonValue": "Value",
        "listHelp": "Separated by commas.", "scalarHelp": "A number, true, false or null is read as such; anything else as text.",
        "jsonHelp": "JSON, as the API takes it.", "comparisonsHelp": "Rows with a field are joined; for deeper conditions use the JSON box.",
        "field.delay": "Delay", "field.reference_field": "Counted from", "field.cron": "Cron (minute hour day month weekday)",
        "field.timezone": "Time zone", "field.audience": "Only conversations where", "field.event": "Event", "field.keywords": "Keywords",
        "field.intent_values": "Intents", "field.statuses": "Statuses", "field.condition": "When this holds", "field.field": "Field",
        "field.value": "Value", "field.elapsed": "At least", "field.conditions": "Conditions", "field.channel": "Channel",
        "field.message": "Message", "field.template_id": "Template id", "field.to": "To (emails)", "field.subject": "Subject",
        "field.body": "Body", "field.tool": "Tool", "field.instruction": "Instruction for the agent", "field.url": "URL (http tool)",
        "field.input": "Query (database.query, JSON)", "field.status": "New status",
        "field.business_hours": "Only within business hours (PUT /api/business-hours)",
        "tablesFound": "Tables found: %@.", "noTables": "none of the allowed tables",
    ]

    private static let portuguese = [
        "title": "Console do gateway", "signIn": "Entrar", "signOut": "Sair", "credential": "Chave de API ou token de acesso",
        "credentialHelp": "A chave de API de um cliente (gwk_...), ou o token de acesso de um admin (gateway token issue --role admin).",
        "signInFailed": "Essa chave ou token não é válido.", "tooMany": "Tentativas demais: tente de novo em um minuto.",
        "integrations": "Integrações", "conversations": "Conversas", "type": "Tipo", "provider": "Provedor",
        "status": "Status", "enabled": "Ativa", "role": "Papel", "lastTested": "Último teste", "lastError": "Último erro",
        "noIntegrations": "Nenhuma integração configurada ainda.", "yes": "sim", "no": "não", "channel": "Canal",
        "any": "qualquer", "tag": "Etiqueta", "since": "Alteradas desde", "filter": "Filtrar", "inbound": "Recebidas",
        "outbound": "Enviadas", "lastMessage": "Última mensagem", "noConversations": "Nenhuma conversa encontrada.",
        "next": "Próxima página", "client": "Cliente", "language": "Idioma", "main": "Navegação principal", "open": "aberta",
        "pending": "pendente", "closed": "fechada", "id": "Conversa", "deliveries": "Entregas", "deliveryStatus": "Mensagens por status",
        "dead": "Mensagens mortas", "failed": "Falhas", "noMessages": "Nenhuma mensagem neste estado.",
        "retryAll": "Reenviar todas as mensagens mortas", "message": "Mensagem", "attempts": "Tentativas", "errorCode": "Erro",
        "updated": "Atualizada", "actions": "Ações", "retry": "Reenviar", "score": "Pontuação do lead", "tags": "Etiquetas",
        "tagsHelp": "Separadas por vírgulas.", "timeline": "Linha do tempo", "messageKind": "mensagem", "eventKind": "evento",
        "triggers": "Gatilhos", "noTriggers": "Nenhum gatilho ainda.", "name": "Nome", "when": "Quando", "then": "Então",
        "active": "Ativo", "executions": "Execuções", "lastExecuted": "Última execução", "on": "ligado", "off": "desligado",
        "switchOn": "Ligar", "switchOff": "Desligar", "notFound": "Não encontrado", "notFoundText": "Não há nada com esse id aqui.", "configure": "Configurar", "switchClient": "Trocar", "sentToday": "Enviadas hoje", "rateLeft": "Envios restantes neste minuto", "failoverOrder": "Alternativas na ordem de failover",
        "moveUp": "Subir", "clients": "Clientes",
        "createClient": "Criar um cliente", "limitsHelp": "Limites por minuto; um campo vazio é o padrão mostrado.",
        "clientIDRule": "O id de um cliente tem de 1 a 64 letras minúsculas, dígitos, '-' ou '_'.",
        "clientExists": "Já existe um cliente com esse id.", "executionsTitle": "Últimas execuções",
        "noExecutions": "Ainda não executou.", "outcome": "Resultado", "reason": "Por quê", "executed": "executado", "skipped": "pulado",
        "failedRun": "falhou", "newTrigger": "Novo gatilho",
        "description": "Descrição", "trigger": "Quando", "condition": "Se", "action": "Então", "configJSON": "Ou a configuração da API em JSON",
        "configHelp": "Quando preenchido, este objeto JSON é usado no lugar dos campos acima (docs/triggers.md).", "simulate": "Simular",
        "simulation": "O que faria agora", "affected": "Conversas afetadas", "estimatedMessages": "Mensagens que enviaria",
        "truncated": "parou antes: o orçamento acabou", "nearMiss": "quase", "dashboard": "Painel",
        "chartTitle": "Últimas 24 horas (UTC)", "receipts": "Confirmações", "asTable": "Como tabela", "hour": "Hora",
        "outcomes": "Mensagens enviadas por integração, últimas 24 horas", "noOutcomes": "Nenhuma mensagem saiu nas últimas 24 horas.",
        "sentCount": "Enviadas", "failedCount": "Com falha (confirmações)", "notSent": "Não enviadas (ainda)",
        "queue": "Fila (todos os clientes)", "ready": "Prontas", "inFlight": "Enviando", "delayed": "Aguardando", "plugins": "Plugins carregados", "keys": "Chaves de API",
        "createKey": "Criar uma chave", "created": "Criada", "revoked": "Revogada", "revoke": "Revogar",
        "keyName": "O nome de uma chave tem de 1 a 100 caracteres.", "keyCreated": "A nova chave, mostrada só esta vez: copie agora.", "test": "Testar",
        "configureType": "Configurar %@", "choose": "Escolher", "save": "Salvar", "testFirst": "Testar a conexão antes de salvar",
        "secretHelp": "Só escrita: deixe vazio para manter o valor guardado.", "saved": "Salvo.", "tested": "Conexão bem-sucedida (%d ms).",
        "testFailed": "O teste de conexão de %@ falhou: veja o último erro.", "replayed": "%d mensagem(ns) na fila de novo.",
        "notReplayed": "Nada voltou para a fila: a mensagem não está mais com falha nem morta.",
        "queued": "Na fila", "sending": "Enviando", "sent": "Enviadas", "nextAttempt": "Próxima tentativa", "sentAt": "Enviada em",
        "agentEndpoint": "Endpoint do agente", "debounce": "Espera entre mensagens", "maxWait": "Espera máxima",
        "maxMessages": "Mensagens por turno", "turnFailures": "Turnos que não chegaram a ele",
        "noTurnFailures": "Nenhum turno falhou recentemente.", "noAgent": "Nenhum endpoint de agente configurado (PUT /api/agent).",
        "confirmRetryAll": "Colocar todas as mensagens mortas na fila de novo?",
        "confirmRevoke": "Revogar esta chave? O que a usa deixa de funcionar.",
        "receiptKind": "confirmação", "triggerKind": "gatilho", "deliveredReceipt": "entregue", "readReceipt": "lida",
        "failedReceipt": "falhou", "agentTurn": "turno do agente", "messagesCarried": "%lld mensagem(ns)",
        "leadFields": "Campos do lead (JSON)", "leadFieldsHelp": "Um objeto JSON; um campo retirado dele é removido.",
        "failureRate": "Taxa de falha (confirmações)", "backlog": "Suas mensagens a caminho", "plugin": "Plugin", "version": "Versão",
        "health": "Saúde", "restarts": "Reinícios", "plugin.ready": "pronto", "plugin.idle": "pronto (sem processo rodando)",
        "plugin.restarting": "reiniciando", "plugin.quarantined": "em quarentena",
        "unit": "Unidade", "join": "Juntar as comparações por", "join.all": "todas (cada uma vale)", "join.any": "qualquer (uma vale)",
        "comparisonField": "Campo", "comparisonOperator": "Operador", "comparisonValue": "Valor",
        "listHelp": "Separados por vírgulas.", "scalarHelp": "Um número, true, false ou null é lido como tal; o resto como texto.",
        "jsonHelp": "JSON, como a API recebe.", "comparisonsHelp": "As linhas com campo são juntadas; para condições mais fundas use a caixa JSON.",
        "field.delay": "Atraso", "field.reference_field": "Contado a partir de", "field.cron": "Cron (minuto hora dia mês dia-da-semana)",
        "field.timezone": "Fuso horário", "field.audience": "Só conversas em que", "field.event": "Evento", "field.keywords": "Palavras-chave",
        "field.intent_values": "Intenções", "field.statuses": "Status", "field.condition": "Quando isto vale", "field.field": "Campo",
        "field.value": "Valor", "field.elapsed": "Pelo menos", "field.conditions": "Condições", "field.channel": "Canal",
        "field.message": "Mensagem", "field.template_id": "Id do modelo", "field.to": "Para (emails)", "field.subject": "Assunto",
        "field.body": "Corpo", "field.tool": "Ferramenta", "field.instruction": "Instrução para o agente", "field.url": "URL (ferramenta http)",
        "field.input": "Consulta (database.query, JSON)", "field.status": "Novo status",
        "field.business_hours": "Só no horário comercial (PUT /api/business-hours)",
        "tablesFound": "Tabelas encontradas: %@.", "noTables": "nenhuma das tabelas permitidas",
    ]
}
