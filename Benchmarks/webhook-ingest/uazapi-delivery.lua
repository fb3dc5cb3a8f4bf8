-- wrk script: real-shaped uazapi deliveries (the EventType shape of shared/providers/uazapi/), each with a message id of
-- its own, from 1,000 senders. DUPLICATES=1 sends every id twice (half the deliveries are duplicates).
-- thread_id is set per thread by setup(): ids are unique across threads.
local counter = 0
local threads = 0
local duplicates = os.getenv("DUPLICATES") == "1"
local token = os.getenv("WEBHOOK_TOKEN")

function setup(thread)
    threads = threads + 1
    thread:set("thread_id", threads)
end

local template = [[{"BaseUrl":"https://free.uazapi.com","EventType":"messages","chat":{"wa_chatid":"55119%07d@s.whatsapp.net","wa_contactName":"Cliente %d","wa_isGroup":false},"message":{"chatid":"55119%07d@s.whatsapp.net","content":"Quero saber do meu pedido","fromMe":false,"isGroup":false,"messageTimestamp":1786470633000,"messageType":"Conversation","messageid":"BENCH%d-%d","sender_pn":"55119%07d@s.whatsapp.net","senderName":"Cliente %d","text":"Quero saber do meu pedido","type":"text","wasSentByApi":false},"owner":"553499754953","token":"%s"}]]

request = function()
    counter = counter + 1
    local id = duplicates and math.floor((counter + 1) / 2) or counter
    local sender = id % 1000
    local body = string.format(template, sender, sender, sender, thread_id, id, sender, sender, token)
    return wrk.format("POST", "/webhooks/uazapi", {["Content-Type"] = "application/json"}, body)
end
