import Mustache

/// The console's pages as Mustache templates, compiled into the binary (nothing is read at run time). `{{ }}` escapes
/// HTML, so no value a tenant or provider wrote can become markup. Every page extends `layout`.
enum ConsoleTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in [("layout", layout), ("sign-in", signIn), ("integrations", integrations), ("conversations", conversations), ("deliveries", deliveries), ("configure", configure), ("conversation", conversation),
            ("triggers", triggers), ("keys", keys), ("dashboard", dashboard), ("trigger-builder", triggerBuilder), ("trigger", trigger), ("clients", clientsPage), ("not-found", notFound), ("message-rows", messageRows), ("trigger-type-fields", triggerTypeFields),
        ] {
            // The templates are constants of this file: one that does not parse is a bug the tests show at once.
            try! library.register(text, named: name)
        }
        return library
    }()

    static let layout = """
        <!DOCTYPE html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{$heading}}{{/heading}} · {{t.title}}</title>
        <link rel="stylesheet" href="/console/console.css">
        <script src="/console/console.js" defer></script>
        </head>
        <body>
        <header>
        <strong class="brand">{{t.title}}</strong>
        {{#session}}
        <nav aria-label="{{t.main}}">
        <a href="/console/dashboard"{{#onDashboard}} aria-current="page"{{/onDashboard}}>{{t.dashboard}}</a>
        <a href="/console/integrations"{{#onIntegrations}} aria-current="page"{{/onIntegrations}}>{{t.integrations}}</a>
        <a href="/console/conversations"{{#onConversations}} aria-current="page"{{/onConversations}}>{{t.conversations}}</a>
        <a href="/console/deliveries"{{#onDeliveries}} aria-current="page"{{/onDeliveries}}>{{t.deliveries}}</a>
        <a href="/console/triggers"{{#onTriggers}} aria-current="page"{{/onTriggers}}>{{t.triggers}}</a>
        <a href="/console/keys"{{#onKeys}} aria-current="page"{{/onKeys}}>{{t.keys}}</a>
        {{#admin}}<a href="/console/admin/clients"{{#onAdmin}} aria-current="page"{{/onAdmin}}>{{t.clients}}</a>{{/admin}}
        </nav>
        {{^admin}}<span class="client">{{t.client}}: <code id="client-id">{{clientID}}</code></span>{{/admin}}
        {{#admin}}<form method="post" action="/console/client" class="inline client">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="client-choice">{{t.client}}</label> <code id="client-id">{{clientID}}</code>
        <input id="client-choice" name="client_id" size="12" maxlength="64">
        <button type="submit" id="switch-client">{{t.switchClient}}</button>
        </form>{{/admin}}
        <form method="post" action="/console/sign-out" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" id="sign-out">{{t.signOut}}</button>
        </form>
        {{/session}}
        <span class="languages">{{t.language}}: <a href="?lang=pt" hreflang="pt-BR">Português</a> · <a href="?lang=en" hreflang="en">English</a></span>
        </header>
        <main>
        <h1>{{$heading}}{{/heading}}</h1>
        {{$content}}{{/content}}
        </main>
        </body>
        </html>
        """

    static let signIn = """
        {{<layout}}{{$heading}}{{t.signIn}}{{/heading}}{{$content}}
        {{#error}}<p class="error" role="alert" id="sign-in-error">{{error}}</p>{{/error}}
        <form method="post" action="/console/sign-in" class="card">
        <label for="credential">{{t.credential}}</label>
        <input id="credential" name="credential" type="password" autocomplete="current-password" required maxlength="4096" aria-describedby="credential-help">
        <p id="credential-help" class="help">{{t.credentialHelp}}</p>
        <button type="submit" id="sign-in">{{t.signIn}}</button>
        </form>
        {{/content}}{{/layout}}
        """

    static let integrations = """
        {{<layout}}{{$heading}}{{t.integrations}}{{/heading}}{{$content}}
        {{#notice}}<p class="notice" role="status" id="notice">{{notice}}</p>{{/notice}}
        <ul class="types" id="types">
        {{#types}}<li><a href="/console/integrations/{{type}}/configure" id="configure-{{type}}">{{t.configure}} {{type}}</a>{{#configured}}
        <form method="post" action="/console/integrations/{{type}}/test" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="test-{{type}}">{{t.test}} {{type}}</button></form>{{/configured}}</li>
        {{/types}}
        </ul>
        {{^integrations}}<p>{{t.noIntegrations}}</p>{{/integrations}}
        {{#hasIntegrations}}
        <div class="scroll"><table id="integrations">
        <thead><tr><th scope="col">{{t.type}}</th><th scope="col">{{t.provider}}</th><th scope="col">{{t.status}}</th><th scope="col">{{t.enabled}}</th><th scope="col">{{t.role}}</th><th scope="col">{{t.sentToday}}</th><th scope="col">{{t.rateLeft}}</th><th scope="col">{{t.lastTested}}</th><th scope="col">{{t.lastError}}</th><th scope="col"><span class="visually-hidden">{{t.actions}}</span></th></tr></thead>
        <tbody>
        {{#integrations}}<tr data-type="{{type}}" data-role="{{role}}"><td>{{type}}</td><td>{{provider}}</td><td><span class="status status-{{status}}">{{status}}</span></td><td>{{enabled}}</td><td>{{role}}{{#hasFallbacks}}<ol class="fallbacks" id="fallbacks-{{id}}" aria-label="{{t.failoverOrder}}">{{#fallbacks}}<li data-id="{{id}}">{{provider}} <code>{{id}}</code>{{#canRise}}
        <form method="post" action="/console/integrations/fallbacks" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{primary}}"><input type="hidden" name="order" value="{{raised}}"><button type="submit" class="raise" aria-label="{{t.moveUp}} {{id}}">↑</button></form>{{/canRise}}</li>{{/fallbacks}}</ol>{{/hasFallbacks}}</td><td class="sent-today">{{sentToday}}</td><td>{{rateLeft}}</td><td>{{lastTested}}</td><td>{{lastError}}</td>
        <td><form method="post" action="/console/integrations/enabled"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}"><input type="hidden" name="enabled" value="{{next}}"><button type="submit" class="toggle">{{toggle}}</button></form></td></tr>
        {{/integrations}}
        </tbody></table></div>
        {{/hasIntegrations}}
        {{/content}}{{/layout}}
        """

    static let conversations = """
        {{<layout}}{{$heading}}{{t.conversations}}{{/heading}}{{$content}}
        <form method="get" action="/console/conversations" class="filters">
        <label for="status">{{t.status}}</label>
        <select id="status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
        <label for="channel">{{t.channel}}</label>
        <select id="channel" name="channel">{{#channels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/channels}}</select>
        <label for="tag">{{t.tag}}</label>
        <input id="tag" name="tag" value="{{tag}}" maxlength="64">
        <label for="since">{{t.since}}</label>
        <input id="since" name="since" type="date" value="{{since}}">
        <button type="submit">{{t.filter}}</button>
        </form>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <div id="conversation-list" data-refresh="{{refreshEvery}}" aria-live="polite">
        {{^conversations}}<p id="no-conversations">{{t.noConversations}}</p>{{/conversations}}
        {{#hasConversations}}
        <div class="scroll"><table id="conversations">
        <thead><tr><th scope="col">{{t.id}}</th><th scope="col">{{t.channel}}</th><th scope="col">{{t.status}}</th><th scope="col">{{t.inbound}}</th><th scope="col">{{t.outbound}}</th><th scope="col">{{t.lastMessage}}</th></tr></thead>
        <tbody>
        {{#conversations}}<tr data-id="{{id}}"><td><a href="/console/conversations/{{id}}"><code>{{id}}</code></a></td><td>{{channel}}</td><td>{{status}}</td><td>{{inbound}}</td><td>{{outbound}}</td><td>{{lastMessage}}</td></tr>
        {{/conversations}}
        </tbody></table></div>
        {{/hasConversations}}
        {{#next}}<p><a id="next-page" href="{{next}}">{{t.next}}</a></p>{{/next}}
        </div>
        {{/content}}{{/layout}}
        """

    static let configure = """
        {{<layout}}{{$heading}}{{heading}}{{/heading}}{{$content}}
        {{#error}}<p class="error" role="alert" id="form-error">{{error}}</p>{{/error}}
        <form method="get" action="/console/integrations/{{type}}/configure" class="filters">
        <label for="provider-choice">{{t.provider}}</label>
        <select id="provider-choice" name="provider">{{#providers}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}} ({{id}})</option>{{/providers}}</select>
        <button type="submit">{{t.choose}}</button>
        </form>
        <form method="post" action="/console/integrations/{{type}}/configure" class="card" id="configure">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="provider" value="{{provider}}">
        {{#fields}}
        <div class="field">
        {{#boolean}}<label for="{{id}}"><input type="checkbox" id="{{id}}" name="{{name}}"{{#checked}} checked{{/checked}}{{#fieldError}} aria-invalid="true"{{/fieldError}} aria-describedby="{{id}}-help"> {{name}}</label>{{/boolean}}
        {{^boolean}}<label for="{{id}}">{{name}}{{#required}} *{{/required}}</label>
        {{#multiline}}<textarea id="{{id}}" name="{{name}}" rows="3"{{#fieldError}} aria-invalid="true"{{/fieldError}} aria-describedby="{{id}}-help">{{value}}</textarea>{{/multiline}}
        {{^multiline}}<input id="{{id}}" name="{{name}}" type="{{#secret}}password{{/secret}}{{^secret}}{{#number}}number{{/number}}{{^number}}text{{/number}}{{/secret}}" value="{{value}}" autocomplete="off"{{#required}} required{{/required}}{{#fieldError}} aria-invalid="true"{{/fieldError}} aria-describedby="{{id}}-help">{{/multiline}}{{/boolean}}
        <p id="{{id}}-help" class="help">{{description}}{{#secret}} · {{t.secretHelp}}{{/secret}}</p>
        {{#fieldError}}<p class="error" id="{{id}}-error">{{fieldError}}</p>{{/fieldError}}
        </div>
        {{/fields}}
        <label for="test-first"><input type="checkbox" id="test-first" name="test" checked> {{t.testFirst}}</label>
        <button type="submit" id="save">{{t.save}}</button>
        </form>
        {{/content}}{{/layout}}
        """

    static let conversation = """
        {{<layout}}{{$heading}}{{t.id}} {{id}}{{/heading}}{{$content}}
        {{#notice}}<p class="notice" role="status" id="notice">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert" id="form-error">{{error}}</p>{{/error}}
        <p>{{t.channel}}: {{channel}} · {{t.inbound}}: {{inbound}} · {{t.outbound}}: {{outbound}}</p>
        <form method="post" action="/console/conversations/{{id}}" class="card" id="edit">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="status">{{t.status}}</label>
        <select id="status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
        <label for="score">{{t.score}}</label>
        <input id="score" name="score" value="{{score}}" inputmode="decimal">
        <label for="tags">{{t.tags}}</label>
        <input id="tags" name="tags" value="{{tags}}" aria-describedby="tags-help">
        <p id="tags-help" class="help">{{t.tagsHelp}}</p>
        <label for="fields">{{t.leadFields}}</label>
        <textarea id="fields" name="fields" rows="4" aria-describedby="fields-help">{{fields}}</textarea>
        <p id="fields-help" class="help">{{t.leadFieldsHelp}}</p>
        <button type="submit" id="save">{{t.save}}</button>
        </form>
        <h2>{{t.timeline}}</h2>
        <ol class="timeline" id="timeline" data-refresh="{{refreshEvery}}" aria-live="polite">
        {{#timeline}}<li><time>{{at}}</time> <strong>{{kind}}</strong> {{what}}</li>
        {{/timeline}}
        </ol>
        {{/content}}{{/layout}}
        """

    static let triggers = """
        {{<layout}}{{$heading}}{{t.triggers}}{{/heading}}{{$content}}
        <p><a href="/console/triggers/new" id="new-trigger">{{t.newTrigger}}</a></p>
        {{^hasTriggers}}<p id="no-triggers">{{t.noTriggers}}</p>{{/hasTriggers}}
        {{#hasTriggers}}
        <div class="scroll"><table id="triggers">
        <thead><tr><th scope="col">{{t.name}}</th><th scope="col">{{t.when}}</th><th scope="col">{{t.then}}</th><th scope="col">{{t.active}}</th><th scope="col">{{t.executions}}</th><th scope="col">{{t.lastExecuted}}</th><th scope="col"><span class="visually-hidden">{{t.actions}}</span></th></tr></thead>
        <tbody>
        {{#triggers}}<tr data-id="{{id}}"><td><a href="/console/triggers/{{id}}">{{name}}</a></td><td>{{when}}</td><td>{{action}}</td><td class="state">{{state}}</td><td>{{executions}}</td><td>{{lastExecuted}}</td>
        <td><form method="post" action="/console/triggers/{{id}}/toggle"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="active" value="{{next}}"><button type="submit" class="toggle">{{toggle}}</button></form></td></tr>
        {{/triggers}}
        </tbody></table></div>
        {{/hasTriggers}}
        {{/content}}{{/layout}}
        """

    static let keys = """
        {{<layout}}{{$heading}}{{t.keys}}{{/heading}}{{$content}}
        {{#created}}<div class="notice" role="status"><p>{{t.keyCreated}}</p><p><code id="new-key">{{created}}</code></p></div>{{/created}}
        {{#error}}<p class="error" role="alert" id="form-error">{{error}}</p>{{/error}}
        <form method="post" action="/console/keys" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="key-name">{{t.name}}</label>
        <input id="key-name" name="name" maxlength="100" required>
        <button type="submit" id="create-key">{{t.createKey}}</button>
        </form>
        {{#hasKeys}}
        <div class="scroll"><table id="keys">
        <thead><tr><th scope="col">{{t.name}}</th><th scope="col">{{t.created}}</th><th scope="col">{{t.revoked}}</th><th scope="col"><span class="visually-hidden">{{t.actions}}</span></th></tr></thead>
        <tbody>
        {{#keys}}<tr data-id="{{id}}"><td>{{name}}</td><td>{{created}}</td><td>{{revoked}}</td>
        <td>{{#live}}<form method="post" action="/console/keys/{{id}}/revoke" data-confirm="{{t.confirmRevoke}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="revoke">{{t.revoke}}</button></form>{{/live}}</td></tr>
        {{/keys}}
        </tbody></table></div>
        {{/hasKeys}}
        {{/content}}{{/layout}}
        """

    static let dashboard = """
        {{<layout}}{{$heading}}{{t.dashboard}}{{/heading}}{{$content}}
        <h2>{{t.chartTitle}}</h2>
        <ul class="legend" id="legend">{{#legend}}<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" fill="{{color}}"/></svg> {{name}}: <strong>{{total}}</strong></li>{{/legend}}</ul>
        <div class="scroll">{{{chart}}}</div>
        <details><summary>{{t.asTable}}</summary>
        <table id="activity"><thead><tr><th scope="col">{{t.hour}}</th>{{#legend}}<th scope="col">{{name}}</th>{{/legend}}</tr></thead>
        <tbody>{{#hours}}<tr><td>{{hour}}</td>{{#counts}}<td>{{count}}</td>{{/counts}}</tr>{{/hours}}</tbody></table>
        </details>
        <h2>{{t.outcomes}}</h2>
        {{^hasOutcomes}}<p>{{t.noOutcomes}}</p>{{/hasOutcomes}}
        {{#hasOutcomes}}<div class="scroll"><table id="outcomes"><thead><tr><th scope="col">{{t.integrations}}</th><th scope="col">{{t.outbound}}</th><th scope="col">{{t.sentCount}}</th><th scope="col">{{t.failedCount}}</th><th scope="col">{{t.failureRate}}</th><th scope="col">{{t.notSent}}</th></tr></thead>
        <tbody>{{#outcomes}}<tr><td>{{integration}}</td><td>{{total}}</td><td>{{sent}}</td><td>{{failed}}</td><td>{{failureRate}}</td><td>{{notSent}}</td></tr>{{/outcomes}}</tbody></table></div>{{/hasOutcomes}}
        <h2>{{t.backlog}}</h2>
        <div id="backlog" data-refresh="{{refreshEvery}}" aria-live="polite"><ul class="legend">{{#backlog}}<li><a href="/console/deliveries?status={{status}}">{{label}}</a>: <strong data-status="{{status}}">{{count}}</strong></li>{{/backlog}}</ul></div>
        {{#queue}}<h2>{{t.queue}}</h2><p id="queue">{{t.ready}}: {{ready}} · {{t.inFlight}}: {{inFlight}} · {{t.delayed}}: {{delayed}} · {{t.dead}}: {{dead}}</p>{{/queue}}
        <h2>{{t.plugins}}</h2>
        <div class="scroll"><table id="plugins"><thead><tr><th scope="col">{{t.plugin}}</th><th scope="col">{{t.version}}</th><th scope="col">{{t.health}}</th><th scope="col">{{t.restarts}}</th></tr></thead>
        <tbody>{{#plugins}}<tr data-id="{{id}}"><td><code>{{id}}</code></td><td>{{version}}</td><td class="{{^up}}error{{/up}}">{{state}}{{#reason}} · {{reason}}{{/reason}}</td><td>{{restarts}}</td></tr>{{/plugins}}</tbody></table></div>
        {{/content}}{{/layout}}
        """

    static let triggerBuilder = """
        {{<layout}}{{$heading}}{{t.newTrigger}}{{/heading}}{{$content}}
        {{#error}}<p class="error" role="alert" id="form-error">{{error}}</p>{{/error}}
        <form method="post" action="/console/triggers/new" class="card wide" id="builder">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="trigger-name">{{t.name}}</label>
        <input id="trigger-name" name="name" value="{{name}}" maxlength="200">
        <label for="trigger-description">{{t.description}}</label>
        <input id="trigger-description" name="description" value="{{description}}" maxlength="1000">
        {{#sections}}
        <fieldset id="{{section}}-section"{{#sectionError}} aria-invalid="true"{{/sectionError}}>
        <legend>{{legend}}</legend>
        <label for="{{section}}-type">{{t.type}}</label>
        <select id="{{section}}-type" name="{{section}}_type">{{#types}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/types}}</select>
        {{#types}}{{#hasFields}}{{>trigger-type-fields}}{{/hasFields}}{{/types}}
        <label for="{{section}}-config">{{t.configJSON}}</label>
        <textarea id="{{section}}-config" name="{{section}}_config" rows="4" aria-describedby="{{section}}-help">{{config}}</textarea>
        <p id="{{section}}-help" class="help">{{t.configHelp}}</p>
        {{#sectionError}}<p class="error" id="{{section}}-error">{{sectionError}}</p>{{/sectionError}}
        </fieldset>
        {{/sections}}
        <div class="actions">
        <button type="submit" name="intent" value="simulate" id="simulate">{{t.simulate}}</button>
        <button type="submit" name="intent" value="save" id="save-trigger">{{t.save}}</button>
        </div>
        </form>
        {{#simulation}}
        <section id="simulation" aria-labelledby="simulation-title">
        <h2 id="simulation-title">{{t.simulation}}</h2>
        <p>{{t.affected}}: <strong id="affected">{{affected}}</strong> · {{t.estimatedMessages}}: <strong>{{messages}}</strong>{{#truncated}} · {{t.truncated}}{{/truncated}}</p>
        {{#samples}}<p class="sample"><code>{{id}}</code> {{due}} {{message}}</p>{{/samples}}
        {{#nearMisses}}<p class="near-miss"><code>{{id}}</code> {{t.nearMiss}}: {{failed}}</p>{{/nearMisses}}
        </section>
        {{/simulation}}
        {{/content}}{{/layout}}
        """

    /// One WHEN, IF or THEN type's fields (`TriggerForm`); `console.js` shows only the chosen type's.
    static let triggerTypeFields = """
        <fieldset class="type-fields" data-type-of="{{section}}-type" data-type="{{value}}">
        <legend>{{value}}</legend>
        {{#fields}}
        {{#isText}}<label for="{{id}}">{{label}}{{#required}} *{{/required}}</label>
        <input id="{{id}}" name="{{name}}" value="{{value}}"{{#help}} aria-describedby="{{id}}-help"{{/help}}>{{/isText}}
        {{#isLongText}}<label for="{{id}}">{{label}}{{#required}} *{{/required}}</label>
        <textarea id="{{id}}" name="{{name}}" rows="3"{{#help}} aria-describedby="{{id}}-help"{{/help}}>{{value}}</textarea>{{/isLongText}}
        {{#isChoice}}<label for="{{id}}">{{label}}{{#required}} *{{/required}}</label>
        <select id="{{id}}" name="{{name}}">{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}</select>{{/isChoice}}
        {{#isFlag}}<label for="{{id}}"><input type="checkbox" id="{{id}}" name="{{name}}"{{#checked}} checked{{/checked}}> {{label}}</label>{{/isFlag}}
        {{#isAmount}}<div class="inline-fields"><span><label for="{{id}}-amount">{{label}}{{#required}} *{{/required}}</label>
        <input id="{{id}}-amount" name="{{name}}.amount" value="{{amount}}" inputmode="numeric" size="6"></span>
        <span><label for="{{id}}-unit">{{t.unit}}</label>
        <select id="{{id}}-unit" name="{{name}}.unit">{{#units}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/units}}</select></span></div>{{/isAmount}}
        {{#isComparisons}}<fieldset class="comparisons" aria-describedby="{{id}}-help"><legend>{{label}}{{#required}} *{{/required}}</legend>
        <label for="{{id}}-join">{{t.join}}</label>
        <select id="{{id}}-join" name="{{name}}.join">{{#joins}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/joins}}</select>
        {{#rows}}<div class="inline-fields">
        <span><label for="{{rowID}}-field">{{t.comparisonField}} {{row}}</label><input id="{{rowID}}-field" name="{{prefix}}.field" value="{{field}}" size="24"></span>
        <span><label for="{{rowID}}-operator">{{t.comparisonOperator}} {{row}}</label><select id="{{rowID}}-operator" name="{{prefix}}.operator">{{#operators}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/operators}}</select></span>
        <span><label for="{{rowID}}-value">{{t.comparisonValue}} {{row}}</label><input id="{{rowID}}-value" name="{{prefix}}.value" value="{{value}}" size="16"></span>
        </div>{{/rows}}
        </fieldset>{{/isComparisons}}
        {{#help}}<p id="{{id}}-help" class="help">{{help}}</p>{{/help}}
        {{#fieldError}}<p class="error" id="{{id}}-error" role="alert">{{fieldError}}</p>{{/fieldError}}
        {{/fields}}
        </fieldset>
        """

    static let trigger = """
        {{<layout}}{{$heading}}{{name}}{{/heading}}{{$content}}
        <h2>{{t.executionsTitle}}</h2>
        {{^hasExecutions}}<p id="no-executions">{{t.noExecutions}}</p>{{/hasExecutions}}
        {{#hasExecutions}}<div class="scroll"><table id="executions">
        <thead><tr><th scope="col">{{t.when}}</th><th scope="col">{{t.id}}</th><th scope="col">{{t.outcome}}</th><th scope="col">{{t.reason}}</th></tr></thead>
        <tbody>{{#executions}}<tr><td>{{at}}</td><td><code>{{conversation}}</code></td><td>{{outcome}}</td><td>{{reason}}</td></tr>{{/executions}}</tbody>
        </table></div>{{/hasExecutions}}
        {{/content}}{{/layout}}
        """

    static let clientsPage = """
        {{<layout}}{{$heading}}{{t.clients}}{{/heading}}{{$content}}
        {{#error}}<p class="error" role="alert" id="form-error">{{error}}</p>{{/error}}
        <form method="post" action="/console/admin/clients" class="filters" id="new-client">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="new-client-id">Id</label>
        <input id="new-client-id" name="id" maxlength="64" required>
        <label for="new-client-name">{{t.name}}</label>
        <input id="new-client-name" name="name" maxlength="200" required>
        <button type="submit" id="create-client">{{t.createClient}}</button>
        </form>
        {{#clients}}
        <section class="card wide client-limits" id="client-{{id}}" aria-labelledby="client-{{id}}-title">
        <h2 id="client-{{id}}-title"><code>{{id}}</code> {{name}}</h2>
        <p class="help">{{t.created}} {{created}}. {{t.limitsHelp}}</p>
        <form method="post" action="/console/admin/clients/{{id}}/limits" class="filters">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#limits}}<label for="{{input}}">{{field}}</label>
        <input id="{{input}}" name="{{field}}" type="number" min="1" value="{{value}}" placeholder="{{default}}">
        {{/limits}}
        <button type="submit" class="save-limits">{{t.save}}</button>
        </form>
        </section>
        {{/clients}}
        {{/content}}{{/layout}}
        """

    static let notFound = """
        {{<layout}}{{$heading}}{{t.notFound}}{{/heading}}{{$content}}<p>{{t.notFoundText}}</p>{{/content}}{{/layout}}
        """

    static let deliveries = """
        {{<layout}}{{$heading}}{{t.deliveries}}{{/heading}}{{$content}}
        <nav class="tabs" aria-label="{{t.deliveryStatus}}">{{#tabs}}<a href="/console/deliveries?status={{value}}"{{#selected}} aria-current="page"{{/selected}}>{{label}}</a>{{/tabs}}</nav>
        {{#notice}}<p class="notice" role="status" id="notice">{{notice}}</p>{{/notice}}
        <div id="delivery-list" data-refresh="{{refreshEvery}}" aria-live="polite">
        {{^hasMessages}}<p id="no-messages">{{t.noMessages}}</p>{{/hasMessages}}
        {{#hasMessages}}
        {{#isDead}}<form method="post" action="/console/deliveries/retry-all" class="actions" data-confirm="{{t.confirmRetryAll}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="retry-all">{{t.retryAll}}</button></form>{{/isDead}}
        <div class="scroll"><table id="messages">{{>message-rows}}</table></div>
        {{/hasMessages}}
        </div>
        <section aria-labelledby="agent-heading" id="agent">
        <h2 id="agent-heading">{{t.agentEndpoint}}</h2>
        {{#agent}}<p><code id="agent-url">{{url}}</code> · <span id="agent-status">{{status}}{{^enabled}} ({{t.off}}){{/enabled}}</span></p>
        {{#lastError}}<p class="error" id="agent-error">{{t.lastError}}: {{lastError}}</p>{{/lastError}}
        <p class="help">{{t.debounce}}: {{debounce}} ms · {{t.maxWait}}: {{maxWait}} ms · {{t.maxMessages}}: {{maxMessages}}</p>
        <h3>{{t.turnFailures}}</h3>
        {{^hasTurnFailures}}<p id="no-turn-failures">{{t.noTurnFailures}}</p>{{/hasTurnFailures}}
        {{#hasTurnFailures}}<div class="scroll"><table id="turn-failures">{{#turnFailures}}{{>message-rows}}{{/turnFailures}}</table></div>{{/hasTurnFailures}}
        {{/agent}}
        {{^agent}}<p id="no-agent">{{t.noAgent}}</p>{{/agent}}
        </section>
        {{/content}}{{/layout}}
        """

    /// A table of messages (`messages` in the context); failed and dead ones with a retry button.
    static let messageRows = """
        <thead><tr><th scope="col">{{t.message}}</th><th scope="col">{{t.channel}}</th><th scope="col">{{t.status}}</th><th scope="col">{{t.attempts}}</th><th scope="col">{{t.errorCode}}</th><th scope="col">{{t.lastError}}</th><th scope="col">{{t.updated}}</th><th scope="col">{{t.nextAttempt}}</th><th scope="col">{{t.sentAt}}</th><th scope="col"><span class="visually-hidden">{{t.actions}}</span></th></tr></thead>
        <tbody>
        {{#messages}}<tr data-id="{{id}}"><td><code>{{id}}</code></td><td>{{channel}}</td><td>{{status}}</td><td>{{attempts}}</td><td>{{errorCode}}</td><td>{{lastError}}</td><td>{{updated}}</td><td>{{next}}</td><td>{{sentAt}}</td>
        <td>{{#replayable}}<form method="post" action="/console/deliveries/{{id}}/retry?status={{status}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="retry" aria-label="{{t.retry}} {{id}}">{{t.retry}}</button></form>{{/replayable}}</td></tr>
        {{/messages}}
        </tbody>
        """

    /// The one stylesheet: system fonts, AA contrast, a visible focus ring, and tables that scroll on a phone.
    static let css = """
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f6f7f9}
        header{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center;padding:.75rem 1rem;background:#12343b;color:#fff}
        header a{color:#fff}
        .brand{font-size:1.1rem}
        nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
        nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
        main{max-width:72rem;margin:0 auto;padding:1rem}
        h1{font-size:1.5rem;overflow-wrap:anywhere}
        a,button,input,select{font:inherit}
        a{color:#0b4f8a}
        :focus-visible{outline:3px solid #f5b700;outline-offset:2px}
        button{padding:.45rem .9rem;border:1px solid #0b4f8a;border-radius:4px;background:#0b4f8a;color:#fff;cursor:pointer}
        header button{background:transparent;border-color:#fff}
        input,select{padding:.4rem;border:1px solid #5c6670;border-radius:4px;background:#fff;color:#1a1a1a;max-width:100%}
        label{font-weight:600}
        .card{display:grid;gap:.5rem;max-width:28rem;padding:1rem;background:#fff;border:1px solid #d0d5da;border-radius:6px}
        .help{margin:0;color:#4a5560;font-size:.9rem}
        .error{padding:.5rem .75rem;border-left:4px solid #b00020;background:#fdecee;color:#7a0016}
        .inline{display:inline}
        .filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-bottom:1rem}
        .scroll{overflow-x:auto;position:relative}
        table{width:100%;border-collapse:collapse;background:#fff}
        th,td{padding:.5rem;border-bottom:1px solid #d0d5da;text-align:left;vertical-align:top}
        .status-connected{color:#0a6b2d;font-weight:600}
        .tabs{display:flex;gap:1rem;margin-bottom:1rem}
        .types{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;padding:0;list-style:none}
        .field{display:grid;gap:.25rem}
        .timeline{padding-left:1.25rem}
        .wide{max-width:44rem}
        fieldset{display:grid;gap:.35rem;border:1px solid #d0d5da;border-radius:6px;padding:.75rem}
        [hidden]{display:none!important}
        fieldset{min-width:0}
        input,select,textarea{max-width:100%}
        code{overflow-wrap:anywhere}
        .inline-fields{display:flex;flex-wrap:wrap;gap:.5rem}
        .inline-fields span{display:grid;gap:.2rem}
        legend{font-weight:700;text-transform:uppercase}
        .chart{width:100%;min-width:36rem;height:auto;background:#fff;border:1px solid #d0d5da}
        .chart text{fill:#1a1a1a}
        .legend{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;padding:0;list-style:none}
        .swatch{display:inline-block;width:.9rem;height:.9rem;vertical-align:middle}
        .timeline time{font-family:ui-monospace,monospace;font-size:.9rem}
        textarea{font:inherit;padding:.4rem;border:1px solid #5c6670;border-radius:4px}
        [aria-invalid=true]{border-color:#b00020}
        .tabs a[aria-current=page]{font-weight:700}
        .notice{padding:.5rem .75rem;border-left:4px solid #0a6b2d;background:#e8f5ec}
        .actions{margin-bottom:1rem}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        .status-error,.status-disconnected{color:#a0001c;font-weight:600}
        """
}
