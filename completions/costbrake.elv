
use builtin;
use str;

set edit:completion:arg-completer[costbrake] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'costbrake'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'costbrake'= {
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand audit 'Find resources missing required tags, for people and for CI'
            cand doctor 'Check credentials, region, endpoint and account setup, with a verdict per line'
            cand report 'Cost by run, agent, service or any tag from Cost Explorer, and what the report itself cost'
            cand completions 'Print shell completions to stdout'
            cand man 'Print the man page (roff) to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;audit'= {
            cand --require 'A tag key every resource must carry with a non-empty value; repeatable [default: tags.required in costbrake.toml, else agent-name and agent-run-id]'
            cand --regions 'Regions to scan, comma-separated, or `all` for every region enabled for the account [default: audit.regions in costbrake.toml, else the configured region]'
            cand --types 'Resource types to audit, comma-separated: `service` or `service:type`, e.g. ec2:instance,lambda [default: audit.types in costbrake.toml, else every type]'
            cand --agent 'Audit only the resources of this agent (tagged with the configured agent tag)'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --exit-zero 'Exit 0 even when non-compliant resources are found (report without failing)'
            cand --allow-partial 'Do not fail with exit code 4 when part of the scope could not be read (gaps are still reported)'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;doctor'= {
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --activate-tags 'Activate the configured tag keys that are not active yet as cost allocation tags (ce:UpdateCostAllocationTagsStatus, from the payer account)'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;report'= {
            cand --by 'Group by: agent-run-id (the configured run tag), agent (the configured agent tag), service, region, account, usage-type, or any tag key (tag:KEY forces a tag) [default: the run tag]'
            cand --then 'A second grouping under --by, e.g. --then service (Cost Explorer allows two)'
            cand --granularity 'Time buckets'
            cand --run 'Only cost tagged with this run id'
            cand --top 'Show the N costliest rows and fold the rest into one (untagged cost is always shown)'
            cand --since 'The last N days (7d), weeks (2w), or since a date (2026-11-01), today included [default: 7d, 30d for `report runs`]'
            cand --period 'A calendar period: this-month (or mtd) or last-month'
            cand --start 'First day, YYYY-MM-DD (UTC)'
            cand --end 'Last day, inclusive, YYYY-MM-DD (UTC) [default: today]'
            cand --metric 'Cost metric'
            cand --agent 'Only cost tagged with this agent name (the configured agent tag)'
            cand --max-requests 'Refuse to make more than N Cost Explorer requests ($0.01 each); 0 serves only from the cache [default: report.max_requests in costbrake.toml, else no limit]'
            cand --cache-ttl 'How long cached answers are reused, e.g. 30m, 4h, 0 to disable [default: report.cache_ttl, else 4h]'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --chart 'Also draw a horizontal bar chart of the costliest rows (table output)'
            cand --refresh 'Ignore cached Cost Explorer answers and fetch again'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand runs 'Unit economics per agent: runs, total, mean, median, p95 and max cost per run, runaway runs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;report;runs'= {
            cand --since 'The last N days (7d), weeks (2w), or since a date (2026-11-01), today included [default: 7d, 30d for `report runs`]'
            cand --period 'A calendar period: this-month (or mtd) or last-month'
            cand --start 'First day, YYYY-MM-DD (UTC)'
            cand --end 'Last day, inclusive, YYYY-MM-DD (UTC) [default: today]'
            cand --metric 'Cost metric'
            cand --agent 'Only cost tagged with this agent name (the configured agent tag)'
            cand --max-requests 'Refuse to make more than N Cost Explorer requests ($0.01 each); 0 serves only from the cache [default: report.max_requests in costbrake.toml, else no limit]'
            cand --cache-ttl 'How long cached answers are reused, e.g. 30m, 4h, 0 to disable [default: report.cache_ttl, else 4h]'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --refresh 'Ignore cached Cost Explorer answers and fetch again'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;report;help'= {
            cand runs 'Unit economics per agent: runs, total, mean, median, p95 and max cost per run, runaway runs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;report;help;runs'= {
        }
        &'costbrake;report;help;help'= {
        }
        &'costbrake;completions'= {
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;man'= {
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;help'= {
            cand audit 'Find resources missing required tags, for people and for CI'
            cand doctor 'Check credentials, region, endpoint and account setup, with a verdict per line'
            cand report 'Cost by run, agent, service or any tag from Cost Explorer, and what the report itself cost'
            cand completions 'Print shell completions to stdout'
            cand man 'Print the man page (roff) to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;help;audit'= {
        }
        &'costbrake;help;doctor'= {
        }
        &'costbrake;help;report'= {
            cand runs 'Unit economics per agent: runs, total, mean, median, p95 and max cost per run, runaway runs'
        }
        &'costbrake;help;report;runs'= {
        }
        &'costbrake;help;completions'= {
        }
        &'costbrake;help;man'= {
        }
        &'costbrake;help;help'= {
        }
    ]
    $completions[$command]
}
