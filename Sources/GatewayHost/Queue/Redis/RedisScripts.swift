/// The Redis queue's state changes, each one Lua script so it is atomic on the server. Time is Redis's own clock
/// (`TIME`), so processes with drifting clocks still agree on when a lease runs out.
///
/// Keys, under the configured prefix: `job:<id>` (hash: the job), `ready:<priority>` (list of ids), `delayed` (ids by
/// due time), `leased` (ids by lease end), `dead` and `failed` (ids by time, for counts and the retention purge),
/// `client:<id>:<status>` (a client's failed or dead ids by time), `client:<id>:recent` (a client's latest ids by
/// creation, between `recentKept` and twice that, for its lists of queued, sending and sent messages),
/// `idem:<client>:<key>` (`<job id> <fingerprint>`, expiring).
enum RedisScripts {
    private static let now = "local t = redis.call('TIME'); local now = t[1] * 1000 + math.floor(t[2] / 1000)"
    /// How many of a client's latest messages its queued, sending and sent lists look through.
    static let recentKept = 1_000

    /// ARGV: prefix, id, client, channel, op, input, priority, delay ms, idempotency key ('' for none), fingerprint,
    /// key lifetime s. Returns {'created', id} or {'existing', id, fingerprint}.
    static let enqueue = RedisScript(
        """
        \(now)
        local p = ARGV[1]
        if ARGV[9] ~= '' then
            local ikey = p .. 'idem:' .. ARGV[3] .. ':' .. ARGV[9]
            local prior = redis.call('GET', ikey)
            if prior then
                local space = string.find(prior, ' ', 1, true)
                return {'existing', string.sub(prior, 1, space - 1), string.sub(prior, space + 1)}
            end
            redis.call('SET', ikey, ARGV[2] .. ' ' .. ARGV[10], 'EX', ARGV[11])
        end
        local key = p .. 'job:' .. ARGV[2]
        redis.call('HSET', key, 'client', ARGV[3], 'channel', ARGV[4], 'op', ARGV[5], 'input', ARGV[6], 'priority', ARGV[7],
            'status', 'queued', 'attempts', 0, 'in_doubt', 0, 'created_at', now, 'updated_at', now)
        local recent = p .. 'client:' .. ARGV[3] .. ':recent'
        redis.call('ZADD', recent, now, ARGV[2])
        -- Trimmed once every recentKept enqueues rather than on each (ZCARD is O(1)).
        if redis.call('ZCARD', recent) > \(2 * recentKept) then redis.call('ZREMRANGEBYRANK', recent, 0, -\(recentKept + 1)) end
        local delay = tonumber(ARGV[8])
        if delay > 0 then
            redis.call('HSET', key, 'next_attempt_at', now + delay)
            redis.call('ZADD', p .. 'delayed', now + delay, ARGV[2])
        else
            redis.call('RPUSH', p .. 'ready:' .. ARGV[7], ARGV[2])
        end
        return {'created', ARGV[2]}
        """)

    /// ARGV: prefix, limit, lease ms, lease token. Moves expired leases (in doubt) and due delayed jobs to the ready
    /// lists, then leases up to `limit` jobs, high priority first. Returns each job's fields plus `id`.
    static let claim = RedisScript(
        """
        \(now)
        local p = ARGV[1]
        local limit = tonumber(ARGV[2])
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', p .. 'leased', '-inf', now, 'LIMIT', 0, 100)) do
            redis.call('ZREM', p .. 'leased', id)
            local key = p .. 'job:' .. id
            redis.call('HSET', key, 'status', 'queued', 'in_doubt', 1, 'lease', '')
            redis.call('LPUSH', p .. 'ready:' .. redis.call('HGET', key, 'priority'), id)
        end
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', p .. 'delayed', '-inf', now, 'LIMIT', 0, 1000)) do
            redis.call('ZREM', p .. 'delayed', id)
            local key = p .. 'job:' .. id
            redis.call('HDEL', key, 'next_attempt_at')
            redis.call('RPUSH', p .. 'ready:' .. redis.call('HGET', key, 'priority'), id)
        end
        local claimed = {}
        for _, priority in ipairs({'high', 'normal', 'low'}) do
            while #claimed < limit do
                local id = redis.call('LPOP', p .. 'ready:' .. priority)
                if not id then break end
                local key = p .. 'job:' .. id
                if redis.call('EXISTS', key) == 1 then
                    redis.call('HINCRBY', key, 'attempts', 1)
                    redis.call('HSET', key, 'status', 'sending', 'lease', ARGV[4], 'updated_at', now)
                    redis.call('ZADD', p .. 'leased', now + tonumber(ARGV[3]), id)
                    local fields = redis.call('HGETALL', key)
                    fields[#fields + 1] = 'id'
                    fields[#fields + 1] = id
                    claimed[#claimed + 1] = fields
                end
            end
        end
        return claimed
        """)

    /// ARGV: prefix, id, lease token, outcome (`sent`, `failed`, `dead`, `retry`, `release`), then per outcome:
    /// sent: provider message id, retention s; failed/dead: code, reason; retry: delay ms, code, reason, in doubt (0/1);
    /// release: delay ms, in doubt (0/1). Returns 0 when the lease is no longer this token's.
    static let finish = RedisScript(
        """
        \(now)
        local p = ARGV[1]
        local id = ARGV[2]
        local key = p .. 'job:' .. id
        if redis.call('HGET', key, 'status') ~= 'sending' or redis.call('HGET', key, 'lease') ~= ARGV[3] then return 0 end
        redis.call('ZREM', p .. 'leased', id)
        redis.call('HSET', key, 'lease', '', 'updated_at', now)
        local outcome = ARGV[4]
        if outcome == 'sent' then
            redis.call('HSET', key, 'status', 'sent', 'provider_message_id', ARGV[5], 'sent_at', now, 'in_doubt', 0, 'error_code', '', 'last_error', '')
            redis.call('HDEL', key, 'input')
            redis.call('EXPIRE', key, ARGV[6])
        elseif outcome == 'failed' or outcome == 'dead' then
            redis.call('HSET', key, 'status', outcome, 'error_code', ARGV[5], 'last_error', ARGV[6])
            redis.call('ZADD', p .. 'client:' .. redis.call('HGET', key, 'client') .. ':' .. outcome, now, id)
            redis.call('ZADD', p .. outcome, now, id)
        elseif outcome == 'retry' then
            local due = now + tonumber(ARGV[5])
            redis.call('HSET', key, 'status', 'queued', 'error_code', ARGV[6], 'last_error', ARGV[7], 'next_attempt_at', due)
            if ARGV[8] == '1' then redis.call('HSET', key, 'in_doubt', 1) end
            redis.call('ZADD', p .. 'delayed', due, id)
        else
            local due = now + tonumber(ARGV[5])
            redis.call('HINCRBY', key, 'attempts', -1)
            redis.call('HSET', key, 'status', 'queued')
            if ARGV[6] == '1' then redis.call('HSET', key, 'in_doubt', 1) end
            if tonumber(ARGV[5]) > 0 then
                redis.call('HSET', key, 'next_attempt_at', due)
                redis.call('ZADD', p .. 'delayed', due, id)
            else
                redis.call('LPUSH', p .. 'ready:' .. redis.call('HGET', key, 'priority'), id)
            end
        end
        return 1
        """)

    /// ARGV: prefix, cutoff (ms since 1970), limit. Deletes up to `limit` failed and dead jobs that ended before the
    /// cutoff; returns how many.
    static let purge = RedisScript(
        """
        local p = ARGV[1]
        local removed = 0
        for _, status in ipairs({'dead', 'failed'}) do
            for _, id in ipairs(redis.call('ZRANGEBYSCORE', p .. status, '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]) - removed)) do
                local key = p .. 'job:' .. id
                local client = redis.call('HGET', key, 'client')
                if client then redis.call('ZREM', p .. 'client:' .. client .. ':' .. status, id) end
                redis.call('DEL', key)
                redis.call('ZREM', p .. status, id)
                removed = removed + 1
            end
        end
        return removed
        """)

    /// ARGV: prefix, id, lease token, history (JSON). Records the integrations a job in flight left (failover), if
    /// the job is still this lease's. Returns 1, or 0 when the lease was lost.
    static let recordFailover = RedisScript(
        """
        local key = ARGV[1] .. 'job:' .. ARGV[2]
        if redis.call('HGET', key, 'status') ~= 'sending' or redis.call('HGET', key, 'lease') ~= ARGV[3] then return 0 end
        redis.call('HSET', key, 'provider_history', ARGV[4])
        return 1
        """)

    /// ARGV: prefix, id, lease token, lease ms. Extends the lease of a job still held under that token; 0 when it is
    /// not (any more).
    static let renew = RedisScript(
        """
        \(now)
        local p = ARGV[1]
        local key = p .. 'job:' .. ARGV[2]
        if redis.call('HGET', key, 'status') ~= 'sending' or redis.call('HGET', key, 'lease') ~= ARGV[3] then return 0 end
        redis.call('ZADD', p .. 'leased', 'XX', now + tonumber(ARGV[4]), ARGV[2])
        return 1
        """)

    /// ARGV: prefix, client, id. Queues a failed or dead job of the client again with a fresh retry budget, from its
    /// primary integration again (an empty provider history). Returns
    /// 'replayed', the status of a job it left alone, or '' when the client has no such job.
    static let replay = RedisScript(
        """
        \(now)
        local p = ARGV[1]
        local id = ARGV[3]
        local key = p .. 'job:' .. id
        if redis.call('HGET', key, 'client') ~= ARGV[2] then return '' end
        local status = redis.call('HGET', key, 'status')
        if status ~= 'failed' and status ~= 'dead' then return status end
        redis.call('ZREM', p .. 'client:' .. ARGV[2] .. ':' .. status, id)
        redis.call('ZREM', p .. status, id)
        redis.call('HSET', key, 'status', 'queued', 'attempts', 0, 'in_doubt', 0, 'error_code', '', 'last_error', '', 'provider_history', '[]',
            'updated_at', now)
        redis.call('RPUSH', p .. 'ready:' .. redis.call('HGET', key, 'priority'), id)
        return 'replayed'
        """)

    /// ARGV: prefix, id, new input, expected input. Writes the job's input only if it is still the expected one.
    /// Returns 1 when written.
    static let replaceInput = RedisScript(
        """
        local key = ARGV[1] .. 'job:' .. ARGV[2]
        if redis.call('HGET', key, 'input') ~= ARGV[4] then return 0 end
        redis.call('HSET', key, 'input', ARGV[3])
        return 1
        """)
}
