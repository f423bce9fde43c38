
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'costbrake' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'costbrake'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'costbrake' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Find resources missing required tags, for people and for CI')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check credentials, region, endpoint and account setup, with a verdict per line')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Cost by run, agent, service or any tag from Cost Explorer, and what the report itself cost')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff) to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'costbrake;audit' {
            [CompletionResult]::new('--require', '--require', [CompletionResultType]::ParameterName, 'A tag key every resource must carry with a non-empty value; repeatable [default: tags.required in costbrake.toml, else agent-name and agent-run-id]')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Regions to scan, comma-separated, or `all` for every region enabled for the account [default: audit.regions in costbrake.toml, else the configured region]')
            [CompletionResult]::new('--types', '--types', [CompletionResultType]::ParameterName, 'Resource types to audit, comma-separated: `service` or `service:type`, e.g. ec2:instance,lambda [default: audit.types in costbrake.toml, else every type]')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Audit only the resources of this agent (tagged with the configured agent tag)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--exit-zero', '--exit-zero', [CompletionResultType]::ParameterName, 'Exit 0 even when non-compliant resources are found (report without failing)')
            [CompletionResult]::new('--allow-partial', '--allow-partial', [CompletionResultType]::ParameterName, 'Do not fail with exit code 4 when part of the scope could not be read (gaps are still reported)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'costbrake;doctor' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--activate-tags', '--activate-tags', [CompletionResultType]::ParameterName, 'Activate the configured tag keys that are not active yet as cost allocation tags (ce:UpdateCostAllocationTagsStatus, from the payer account)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'costbrake;report' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Group by: agent-run-id (the configured run tag), agent (the configured agent tag), service, region, account, usage-type, or any tag key (tag:KEY forces a tag) [default: the run tag]')
            [CompletionResult]::new('--then', '--then', [CompletionResultType]::ParameterName, 'A second grouping under --by, e.g. --then service (Cost Explorer allows two)')
            [CompletionResult]::new('--granularity', '--granularity', [CompletionResultType]::ParameterName, 'Time buckets')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'Only cost tagged with this run id')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show the N costliest rows and fold the rest into one (untagged cost is always shown)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'The last N days (7d), weeks (2w), or since a date (2026-11-01), today included [default: 7d, 30d for `report runs`]')
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, 'A calendar period: this-month (or mtd) or last-month')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'First day, YYYY-MM-DD (UTC)')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'Last day, inclusive, YYYY-MM-DD (UTC) [default: today]')
            [CompletionResult]::new('--metric', '--metric', [CompletionResultType]::ParameterName, 'Cost metric')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only cost tagged with this agent name (the configured agent tag)')
            [CompletionResult]::new('--max-requests', '--max-requests', [CompletionResultType]::ParameterName, 'Refuse to make more than N Cost Explorer requests ($0.01 each); 0 serves only from the cache [default: report.max_requests in costbrake.toml, else no limit]')
            [CompletionResult]::new('--cache-ttl', '--cache-ttl', [CompletionResultType]::ParameterName, 'How long cached answers are reused, e.g. 30m, 4h, 0 to disable [default: report.cache_ttl, else 4h]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--chart', '--chart', [CompletionResultType]::ParameterName, 'Also draw a horizontal bar chart of the costliest rows (table output)')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Ignore cached Cost Explorer answers and fetch again')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'Unit economics per agent: runs, total, mean, median, p95 and max cost per run, runaway runs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'costbrake;report;runs' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'The last N days (7d), weeks (2w), or since a date (2026-11-01), today included [default: 7d, 30d for `report runs`]')
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, 'A calendar period: this-month (or mtd) or last-month')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'First day, YYYY-MM-DD (UTC)')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'Last day, inclusive, YYYY-MM-DD (UTC) [default: today]')
            [CompletionResult]::new('--metric', '--metric', [CompletionResultType]::ParameterName, 'Cost metric')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only cost tagged with this agent name (the configured agent tag)')
            [CompletionResult]::new('--max-requests', '--max-requests', [CompletionResultType]::ParameterName, 'Refuse to make more than N Cost Explorer requests ($0.01 each); 0 serves only from the cache [default: report.max_requests in costbrake.toml, else no limit]')
            [CompletionResult]::new('--cache-ttl', '--cache-ttl', [CompletionResultType]::ParameterName, 'How long cached answers are reused, e.g. 30m, 4h, 0 to disable [default: report.cache_ttl, else 4h]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Ignore cached Cost Explorer answers and fetch again')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'costbrake;report;help' {
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'Unit economics per agent: runs, total, mean, median, p95 and max cost per run, runaway runs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'costbrake;report;help;runs' {
            break
        }
        'costbrake;report;help;help' {
            break
        }
        'costbrake;completions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'costbrake;man' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'costbrake;help' {
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Find resources missing required tags, for people and for CI')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check credentials, region, endpoint and account setup, with a verdict per line')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Cost by run, agent, service or any tag from Cost Explorer, and what the report itself cost')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff) to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'costbrake;help;audit' {
            break
        }
        'costbrake;help;doctor' {
            break
        }
        'costbrake;help;report' {
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'Unit economics per agent: runs, total, mean, median, p95 and max cost per run, runaway runs')
            break
        }
        'costbrake;help;report;runs' {
            break
        }
        'costbrake;help;completions' {
            break
        }
        'costbrake;help;man' {
            break
        }
        'costbrake;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
