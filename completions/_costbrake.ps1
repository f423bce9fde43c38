
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
            [CompletionResult]::new('kill', 'kill', [CompletionResultType]::ParameterValue, 'Stop a runaway agent in one command, and undo exactly')
            [CompletionResult]::new('budget', 'budget', [CompletionResultType]::ParameterValue, 'Per-agent AWS Budgets: create, list, show, delete, and sync from costbrake.toml')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Sandbox accounts: member accounts with a hard budget, frozen by SCP when it is spent')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run an agent command under a fresh run id, with its identity, a ledger entry and a brake')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Tag-on-create enforcement the cloud applies: SCP or IAM Deny statements, generated from data')
            [CompletionResult]::new('guard', 'guard', [CompletionResultType]::ParameterValue, 'Stop every agent whose costbrake budget is breached (a dry run unless --apply)')
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
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller''s account]')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]')
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
        'costbrake;kill' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent''s resources: tagged with the configured agent tag (tags.agent, default agent-name)')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'One run''s resources: tagged with the configured run tag (tags.run, default agent-run-id)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Resources tagged KEY=VALUE; repeatable (all must match)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization''s management account)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Apply exactly this saved plan (from `kill plan --out`); refused if the resources changed since')
            [CompletionResult]::new('--max-resources', '--max-resources', [CompletionResultType]::ParameterName, 'Refuse plans that change more resources than this [default: kill.max_resources, else 500]')
            [CompletionResult]::new('--types', '--types', [CompletionResultType]::ParameterName, 'Only these kinds, comma-separated: `service` or `service:type`, e.g. ec2:instance,lambda [default: every kind kill acts on]')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller''s account]')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask to type the agent name; required when stdin is not a terminal')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask to type the agent name; required when stdin is not a terminal')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and run EC2''s server-side DryRun checks; change nothing')
            [CompletionResult]::new('--allow-partial', '--allow-partial', [CompletionResultType]::ParameterName, 'Also deny the agent''s IAM roles and users (and a sandbox account) when every regional listing failed; without it they are left alone then, since the regions'' state is unknown')
            [CompletionResult]::new('--no-irreversible', '--no-irreversible', [CompletionResultType]::ParameterName, 'Leave alone what undo could not bring back (ECS tasks, Step Functions executions, Bedrock customization jobs): stop only what can be restored')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what a kill would do, terraform-style; change nothing')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Restore exactly the state a kill recorded')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'What is killed right now, since when, by whom, and what undo would restore')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'costbrake;kill;plan' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent''s resources: tagged with the configured agent tag (tags.agent, default agent-name)')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'One run''s resources: tagged with the configured run tag (tags.run, default agent-run-id)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Resources tagged KEY=VALUE; repeatable (all must match)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization''s management account)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Also write the plan as JSON to FILE, with a hash of the targeted resources and their states (one account''s: not with --accounts)')
            [CompletionResult]::new('--max-resources', '--max-resources', [CompletionResultType]::ParameterName, 'Refuse plans that change more resources than this [default: kill.max_resources, else 500]')
            [CompletionResult]::new('--types', '--types', [CompletionResultType]::ParameterName, 'Only these kinds, comma-separated: `service` or `service:type`, e.g. ec2:instance,lambda [default: every kind kill acts on]')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller''s account]')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--no-irreversible', '--no-irreversible', [CompletionResultType]::ParameterName, 'Leave alone what undo could not bring back (ECS tasks, Step Functions executions, Bedrock customization jobs): stop only what can be restored')
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
        'costbrake;kill;undo' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent''s resources: tagged with the configured agent tag (tags.agent, default agent-name)')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'One run''s resources: tagged with the configured run tag (tags.run, default agent-run-id)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Resources tagged KEY=VALUE; repeatable (all must match)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization''s management account)')
            [CompletionResult]::new('--kill-id', '--kill-id', [CompletionResultType]::ParameterName, 'Undo the kill with this id (see `costbrake kill status`) instead of selecting by tag')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller''s account]')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--relaunch-tasks', '--relaunch-tasks', [CompletionResultType]::ParameterName, 'Start the ECS tasks the kill stopped again (a new task each, RunTask with the recorded task definition, network and overrides); without it they are listed as not restorable')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask to type the agent name; required when stdin is not a terminal')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask to type the agent name; required when stdin is not a terminal')
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
        'costbrake;kill;status' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent''s resources: tagged with the configured agent tag (tags.agent, default agent-name)')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'One run''s resources: tagged with the configured run tag (tags.run, default agent-run-id)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Resources tagged KEY=VALUE; repeatable (all must match)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization''s management account)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller''s account]')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]')
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
        'costbrake;kill;help' {
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what a kill would do, terraform-style; change nothing')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Restore exactly the state a kill recorded')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'What is killed right now, since when, by whom, and what undo would restore')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'costbrake;kill;help;plan' {
            break
        }
        'costbrake;kill;help;undo' {
            break
        }
        'costbrake;kill;help;status' {
            break
        }
        'costbrake;kill;help;help' {
            break
        }
        'costbrake;budget' {
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
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create or update an agent''s cost budget (idempotent: same arguments change nothing)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List budgets with limit, actual and forecast spend, percentage used and state')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one budget with its notifications and subscribers')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an agent''s budget (asks to confirm; --yes for scripts)')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Make AWS match the [[budgets]] in costbrake.toml: plan, confirm, apply; --check for CI')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Print, or merge into costbrake.toml, the [[budgets]] entries of the account''s budgets on the agent tag')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'costbrake;budget;create' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent (its agent tag value); the budget is named costbrake-agent-NAME')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'The limit in USD per period, e.g. 500 or 49.99')
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, 'How often the budget resets')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'Where notifications go: email:ADDRESS or sns:TOPIC_ARN; repeatable (at most 10 emails, 1 topic)')
            [CompletionResult]::new('--thresholds', '--thresholds', [CompletionResultType]::ParameterName, 'ACTUAL spend notifications, in percent of the limit [default: 50,80,100]')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Create a budget action that acts at 100% of the limit')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'IAM role name the action''s deny policy is attached to; repeatable (at most 100)')
            [CompletionResult]::new('--execution-role', '--execution-role', [CompletionResultType]::ParameterName, 'Role ARN AWS Budgets assumes to run the action (trusts budgets.amazonaws.com, same account)')
            [CompletionResult]::new('--approval', '--approval', [CompletionResultType]::ParameterName, 'Who approves the action')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--forecast', '--forecast', [CompletionResultType]::ParameterName, 'Also notify when the forecast passes 100% of the limit')
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
        'costbrake;budget;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every budget of the account, not only costbrake''s (costbrake-agent-*)')
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
        'costbrake;budget;show' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent whose budget to show')
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
        'costbrake;budget;delete' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent whose budget (costbrake-agent-NAME) to delete')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Delete without asking (required when there is no terminal to confirm on)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete without asking (required when there is no terminal to confirm on)')
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
        'costbrake;budget;sync' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Only compare: exit 1 when AWS differs from the file, change nothing (for CI)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (required when there is no terminal to confirm on)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (required when there is no terminal to confirm on)')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Also delete costbrake budgets (costbrake-agent-*) that are not in the file')
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
        'costbrake;budget;import' {
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Only budgets whose names match this glob, e.g. ''costbrake-agent-research-*''')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Merge the entries into FILE (created if missing), keeping its comments and entries')
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
        'costbrake;budget;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create or update an agent''s cost budget (idempotent: same arguments change nothing)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List budgets with limit, actual and forecast spend, percentage used and state')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one budget with its notifications and subscribers')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an agent''s budget (asks to confirm; --yes for scripts)')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Make AWS match the [[budgets]] in costbrake.toml: plan, confirm, apply; --check for CI')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Print, or merge into costbrake.toml, the [[budgets]] entries of the account''s budgets on the agent tag')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'costbrake;budget;help;create' {
            break
        }
        'costbrake;budget;help;list' {
            break
        }
        'costbrake;budget;help;show' {
            break
        }
        'costbrake;budget;help;delete' {
            break
        }
        'costbrake;budget;help;sync' {
            break
        }
        'costbrake;budget;help;import' {
            break
        }
        'costbrake;budget;help;help' {
            break
        }
        'costbrake;sandbox' {
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
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a sandbox account with its budget (idempotent by name: a second run sends nothing)')
            [CompletionResult]::new('adopt', 'adopt', [CompletionResultType]::ParameterValue, 'Make an existing member account a sandbox, with its budget (idempotent)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every sandbox account: state, owner, budget, actual and forecast spend')
            [CompletionResult]::new('freeze', 'freeze', [CompletionResultType]::ParameterValue, 'Freeze a sandbox: a deny-create SCP on the account and a move to the frozen OU, recorded first')
            [CompletionResult]::new('unfreeze', 'unfreeze', [CompletionResultType]::ParameterValue, 'Reverse a freeze exactly: costbrake''s SCP detached, what --stop-running stopped restored, the account back in its OU (idempotent)')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close a sandbox''s account (CloseAccount; asks to type the account''s name, --yes for scripts)')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Make the organization match the [[sandboxes]] of costbrake.toml: plan, confirm, apply; --check for CI')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'costbrake;sandbox;create' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The new account''s root email address (every AWS account needs its own)')
            [CompletionResult]::new('--budget', '--budget', [CompletionResultType]::ParameterName, 'The budget in USD per period, e.g. 500')
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, 'How often the budget resets')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'The OU to keep the costbrake-sandboxes OU under [default: the organization''s root]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The team member who owns the sandbox (tagged, and gets the budget''s alerts)')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'Where the budget''s alerts go besides the owner: email:ADDRESS or sns:TOPIC_ARN; repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for AWS to create the account, in seconds')
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
        'costbrake;sandbox;adopt' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The sandbox''s name [default: the account''s name]')
            [CompletionResult]::new('--budget', '--budget', [CompletionResultType]::ParameterName, 'The budget in USD per period, e.g. 500')
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, 'How often the budget resets')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'The OU to keep the costbrake-sandboxes OU under [default: the organization''s root]')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The team member who owns the sandbox (tagged, and gets the budget''s alerts)')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'Where the budget''s alerts go besides the owner: email:ADDRESS or sns:TOPIC_ARN; repeatable')
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
        'costbrake;sandbox;list' {
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
        'costbrake;sandbox;freeze' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, kept on the account (costbrake:frozen-reason) and shown by `sandbox list`')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in the sandbox account')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Regions the kill covers, comma-separated, or `all` [default: kill.regions, then audit.regions in costbrake.toml, else the configured region; unfreeze: those the freeze recorded]')
            [CompletionResult]::new('--max-resources', '--max-resources', [CompletionResultType]::ParameterName, 'Refuse a kill that changes more resources than this [default: kill.max_resources, else 500]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--stop-running', '--stop-running', [CompletionResultType]::ParameterName, 'Also stop what already runs in the account: the kill-switch over every resource of it (IAM principals aside), with the account''s own role; journaled, and undone by unfreeze')
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
        'costbrake;sandbox;unfreeze' {
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in the sandbox account')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Regions the kill covers, comma-separated, or `all` [default: kill.regions, then audit.regions in costbrake.toml, else the configured region; unfreeze: those the freeze recorded]')
            [CompletionResult]::new('--max-resources', '--max-resources', [CompletionResultType]::ParameterName, 'Refuse a kill that changes more resources than this [default: kill.max_resources, else 500]')
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
        'costbrake;sandbox;close' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Close without asking (for scripts)')
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
        'costbrake;sandbox;sync' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Only compare: exit 1 when the organization differs from the file (for CI); nothing is changed')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (for scripts)')
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
        'costbrake;sandbox;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a sandbox account with its budget (idempotent by name: a second run sends nothing)')
            [CompletionResult]::new('adopt', 'adopt', [CompletionResultType]::ParameterValue, 'Make an existing member account a sandbox, with its budget (idempotent)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every sandbox account: state, owner, budget, actual and forecast spend')
            [CompletionResult]::new('freeze', 'freeze', [CompletionResultType]::ParameterValue, 'Freeze a sandbox: a deny-create SCP on the account and a move to the frozen OU, recorded first')
            [CompletionResult]::new('unfreeze', 'unfreeze', [CompletionResultType]::ParameterValue, 'Reverse a freeze exactly: costbrake''s SCP detached, what --stop-running stopped restored, the account back in its OU (idempotent)')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close a sandbox''s account (CloseAccount; asks to type the account''s name, --yes for scripts)')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Make the organization match the [[sandboxes]] of costbrake.toml: plan, confirm, apply; --check for CI')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'costbrake;sandbox;help;create' {
            break
        }
        'costbrake;sandbox;help;adopt' {
            break
        }
        'costbrake;sandbox;help;list' {
            break
        }
        'costbrake;sandbox;help;freeze' {
            break
        }
        'costbrake;sandbox;help;unfreeze' {
            break
        }
        'costbrake;sandbox;help;close' {
            break
        }
        'costbrake;sandbox;help;sync' {
            break
        }
        'costbrake;sandbox;help;help' {
            break
        }
        'costbrake;run' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent''s name: the agent-name session tag, AGENT_NAME, and the ledger''s agent')
            [CompletionResult]::new('--run-id', '--run-id', [CompletionResultType]::ParameterName, 'The run id [default: a new random UUID]')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Act as this IAM role: AssumeRole with the run''s session tags, refreshed for as long as the command runs [default: run.role in costbrake.toml, else the caller''s own credentials]')
            [CompletionResult]::new('--on-exit', '--on-exit', [CompletionResultType]::ParameterName, 'After the command exits: list what the run left behind (report), stop it with the kill-switch (kill, undoable with `costbrake kill undo --run ID`), or nothing [default: run.on_exit, else report]')
            [CompletionResult]::new('--max-duration', '--max-duration', [CompletionResultType]::ParameterName, 'End the command after this long (SIGTERM, then SIGKILL after --grace), e.g. 30m or 2h; the on-exit step still runs [default: run.max_duration, else no limit]')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'Time between SIGTERM and SIGKILL when --max-duration ends the command [default: run.grace, else 10s]')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Regions the on-exit step looks in, comma-separated, or `all` [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--role-optional', '--role-optional', [CompletionResultType]::ParameterName, 'Run the command with the caller''s own credentials when the role cannot be assumed')
            [CompletionResult]::new('--print-policy', '--print-policy', [CompletionResultType]::ParameterName, 'Print the IAM policy that makes the role''s creates carry the run''s tags, and exit')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr: no progress, no summaries')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The runs this machine recorded, newest first: id, agent, start, duration, exit code, leftovers')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print a run''s variables for a shell (`eval "$(costbrake run env --agent NAME)"`) or a CI job')
            [CompletionResult]::new('credentials', 'credentials', [CompletionResultType]::ParameterValue, 'Print a run''s role credentials for an SDK''s credential_process (used by `run --role`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'costbrake;run;list' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only this agent''s runs')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most this many runs')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller''s account]')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]')
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
        'costbrake;run;env' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent''s name')
            [CompletionResult]::new('--run-id', '--run-id', [CompletionResultType]::ParameterName, 'The run id [default: a new random UUID]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print them: `export` lines for sh, bash and zsh, or appended to $GITHUB_ENV for the next steps of a GitHub Actions job')
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
        'costbrake;run;credentials' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The run''s credential file')
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
        'costbrake;run;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The runs this machine recorded, newest first: id, agent, start, duration, exit code, leftovers')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print a run''s variables for a shell (`eval "$(costbrake run env --agent NAME)"`) or a CI job')
            [CompletionResult]::new('credentials', 'credentials', [CompletionResultType]::ParameterValue, 'Print a run''s role credentials for an SDK''s credential_process (used by `run --role`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'costbrake;run;help;list' {
            break
        }
        'costbrake;run;help;env' {
            break
        }
        'costbrake;run;help;credentials' {
            break
        }
        'costbrake;run;help;help' {
            break
        }
        'costbrake;policy' {
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
            [CompletionResult]::new('tag-on-create', 'tag-on-create', [CompletionResultType]::ParameterValue, 'Deny statements that reject creating a resource without each required tag, minified and split to fit the policy size limits')
            [CompletionResult]::new('attach', 'attach', [CompletionResultType]::ParameterValue, 'Create or update costbrake''s tag-on-create SCPs and attach them to an OU, account or root, or put them on an IAM role (idempotent; recorded first)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Whether a policy denies creating each audited resource type without the required tags, and what in it cannot work; exit 1 when coverage is incomplete')
            [CompletionResult]::new('detach', 'detach', [CompletionResultType]::ParameterValue, 'Take costbrake''s tag-on-create documents off the target exactly (others stay; SCPs no other target has are deleted)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'costbrake;policy;tag-on-create' {
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag key every create must carry; repeatable [default: tags.required in costbrake.toml, else agent-name and agent-run-id]')
            [CompletionResult]::new('--services', '--services', [CompletionResultType]::ParameterName, 'Services whose creates are covered, comma-separated [default: the services the audit lists]')
            [CompletionResult]::new('--value-pattern', '--value-pattern', [CompletionResultType]::ParameterName, 'The values a tag must match, an IAM glob such as `agent-*` [default: any non-empty value]')
            [CompletionResult]::new('--form', '--form', [CompletionResultType]::ParameterName, 'An SCP for the agents'' OU or accounts, or an IAM policy for their roles')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write each document to DIR/NAME.json (the directory is created)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--all-creates', '--all-creates', [CompletionResultType]::ParameterName, 'Cover every create action of the services that takes request tags, not only the creates of the resource types the audit lists (many more documents)')
            [CompletionResult]::new('--run-scoped', '--run-scoped', [CompletionResultType]::ParameterName, 'Also require the run tag to equal the caller''s principal tag of the same key (the session tag `costbrake run --role` sets), so one run cannot tag its resources as another''s')
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
        'costbrake;policy;attach' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'An OU (ou-...), a member account (12 digits) or, with --allow-root, the root (r-...): the documents become SCPs (run from the management account or a delegated administrator)')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'An IAM role of this account: the documents become its inline policies (the IAM form)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The documents'' name (several get -1, -2, ...) [default: costbrake-tag-on-create]')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag key every create must carry; repeatable [default: tags.required in costbrake.toml, else agent-name and agent-run-id]')
            [CompletionResult]::new('--services', '--services', [CompletionResultType]::ParameterName, 'Services whose creates are covered, comma-separated [default: the services the audit lists]')
            [CompletionResult]::new('--value-pattern', '--value-pattern', [CompletionResultType]::ParameterName, 'The values a tag must match, an IAM glob such as `agent-*` [default: any non-empty value]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--allow-root', '--allow-root', [CompletionResultType]::ParameterName, 'Allow --target to be the organization''s root (every account)')
            [CompletionResult]::new('--all-creates', '--all-creates', [CompletionResultType]::ParameterName, 'Cover every create action of the services that takes request tags, not only the creates of the resource types the audit lists (many more documents)')
            [CompletionResult]::new('--run-scoped', '--run-scoped', [CompletionResultType]::ParameterName, 'Also require the run tag to equal the caller''s principal tag of the same key (the session tag `costbrake run --role` sets), so one run cannot tag its resources as another''s')
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
        'costbrake;policy;check' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Check the SCPs attached to this OU, account or root')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Check this IAM role''s inline policies')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag key every create must carry; repeatable [default: tags.required in costbrake.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--iam', '--iam', [CompletionResultType]::ParameterName, 'Apply IAM''s limits (6,144 characters) to the files rather than an SCP''s (5,120, whitespace counted; 5 per target)')
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
        'costbrake;policy;detach' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'An OU (ou-...), a member account (12 digits) or, with --allow-root, the root (r-...): the documents become SCPs (run from the management account or a delegated administrator)')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'An IAM role of this account: the documents become its inline policies (the IAM form)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The documents'' name, as given to attach [default: costbrake-tag-on-create]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--allow-root', '--allow-root', [CompletionResultType]::ParameterName, 'Allow --target to be the organization''s root')
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
        'costbrake;policy;help' {
            [CompletionResult]::new('tag-on-create', 'tag-on-create', [CompletionResultType]::ParameterValue, 'Deny statements that reject creating a resource without each required tag, minified and split to fit the policy size limits')
            [CompletionResult]::new('attach', 'attach', [CompletionResultType]::ParameterValue, 'Create or update costbrake''s tag-on-create SCPs and attach them to an OU, account or root, or put them on an IAM role (idempotent; recorded first)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Whether a policy denies creating each audited resource type without the required tags, and what in it cannot work; exit 1 when coverage is incomplete')
            [CompletionResult]::new('detach', 'detach', [CompletionResultType]::ParameterValue, 'Take costbrake''s tag-on-create documents off the target exactly (others stay; SCPs no other target has are deleted)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'costbrake;policy;help;tag-on-create' {
            break
        }
        'costbrake;policy;help;attach' {
            break
        }
        'costbrake;policy;help;check' {
            break
        }
        'costbrake;policy;help;detach' {
            break
        }
        'costbrake;policy;help;help' {
            break
        }
        'costbrake;guard' {
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between passes without --once: seconds, minutes or hours, e.g. 15m, 1h (at least 1m; AWS refreshes budget spend only a few times a day)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Regions the kills cover, comma-separated, or `all` [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]')
            [CompletionResult]::new('--max-resources', '--max-resources', [CompletionResultType]::ParameterName, 'Refuse kills that change more resources than this [default: kill.max_resources, else 500]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--apply', '--apply', [CompletionResultType]::ParameterName, 'Stop the breached agents (journaled, undoable with `costbrake kill undo`); without it, only report. This flag is the confirmation: guard never prompts')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'Run one pass and exit (cron, scheduled CI); without it, check again every --interval until stopped')
            [CompletionResult]::new('--no-irreversible', '--no-irreversible', [CompletionResultType]::ParameterName, 'Leave alone what undo could not bring back (ECS tasks, Step Functions executions, Bedrock customization jobs)')
            [CompletionResult]::new('--no-thaw', '--no-thaw', [CompletionResultType]::ParameterName, 'Keep the sandboxes guard froze frozen after their budget''s period turns (by default they are thawed then)')
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
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller''s account]')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]')
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
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Group by: agent-run-id (the configured run tag), agent (the configured agent tag), service, region, account, usage-type, or any tag key (tag:KEY forces a tag); with --source cur also resource and iam-principal [default: the run tag]')
            [CompletionResult]::new('--then', '--then', [CompletionResultType]::ParameterName, 'A second grouping under --by, e.g. --then service (two groupings at most)')
            [CompletionResult]::new('--granularity', '--granularity', [CompletionResultType]::ParameterName, 'Time buckets')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'Only cost tagged with this run id')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show the N costliest rows and fold the rest into one (untagged cost is always shown)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'The last N days (7d), weeks (2w), or since a date (2026-11-01), today included [default: 7d, 30d for `report runs`]')
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, 'A calendar period: this-month (or mtd), last-month, or a month such as 2026-11')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'First day, YYYY-MM-DD (UTC)')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'Last day, inclusive, YYYY-MM-DD (UTC) [default: today]')
            [CompletionResult]::new('--metric', '--metric', [CompletionResultType]::ParameterName, 'Cost metric')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only cost tagged with this agent name (the configured agent tag)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Where cost comes from: ce (Cost Explorer, $0.01 a request) or cur (the CUR 2.0 export, see --cur) [default: report.source in costbrake.toml, else ce]')
            [CompletionResult]::new('--cur', '--cur', [CompletionResultType]::ParameterName, 'The CUR 2.0 export to read: s3://BUCKET/PREFIX/EXPORT_NAME, or the directory of a downloaded export (it holds data/ and metadata/); implies --source cur [default: report.cur]')
            [CompletionResult]::new('--engine', '--engine', [CompletionResultType]::ParameterName, 'How the CUR is read: embedded (costbrake streams the export''s files) or athena (the query runs in Athena over a table on the export; see --athena-table) [default: report.engine, else embedded]')
            [CompletionResult]::new('--athena-database', '--athena-database', [CompletionResultType]::ParameterName, 'The Glue database holding the CUR 2.0 table (--engine athena) [default: report.athena.database]')
            [CompletionResult]::new('--athena-table', '--athena-table', [CompletionResultType]::ParameterName, 'The CUR 2.0 table (--engine athena); implies --source cur --engine athena [default: report.athena.table]')
            [CompletionResult]::new('--athena-catalog', '--athena-catalog', [CompletionResultType]::ParameterName, 'The data catalog of the table [default: report.athena.catalog, else AwsDataCatalog]')
            [CompletionResult]::new('--workgroup', '--workgroup', [CompletionResultType]::ParameterName, 'The Athena workgroup the queries run in [default: report.athena.workgroup, else primary]')
            [CompletionResult]::new('--output-location', '--output-location', [CompletionResultType]::ParameterName, 'Where Athena writes query results, unless the workgroup sets it: s3://BUCKET/PREFIX/ [default: report.athena.output_location, else the workgroup''s]')
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
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Ignore cached answers (Cost Explorer''s, or a CUR result) and fetch or read again')
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
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, 'A calendar period: this-month (or mtd), last-month, or a month such as 2026-11')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'First day, YYYY-MM-DD (UTC)')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'Last day, inclusive, YYYY-MM-DD (UTC) [default: today]')
            [CompletionResult]::new('--metric', '--metric', [CompletionResultType]::ParameterName, 'Cost metric')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only cost tagged with this agent name (the configured agent tag)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Where cost comes from: ce (Cost Explorer, $0.01 a request) or cur (the CUR 2.0 export, see --cur) [default: report.source in costbrake.toml, else ce]')
            [CompletionResult]::new('--cur', '--cur', [CompletionResultType]::ParameterName, 'The CUR 2.0 export to read: s3://BUCKET/PREFIX/EXPORT_NAME, or the directory of a downloaded export (it holds data/ and metadata/); implies --source cur [default: report.cur]')
            [CompletionResult]::new('--engine', '--engine', [CompletionResultType]::ParameterName, 'How the CUR is read: embedded (costbrake streams the export''s files) or athena (the query runs in Athena over a table on the export; see --athena-table) [default: report.engine, else embedded]')
            [CompletionResult]::new('--athena-database', '--athena-database', [CompletionResultType]::ParameterName, 'The Glue database holding the CUR 2.0 table (--engine athena) [default: report.athena.database]')
            [CompletionResult]::new('--athena-table', '--athena-table', [CompletionResultType]::ParameterName, 'The CUR 2.0 table (--engine athena); implies --source cur --engine athena [default: report.athena.table]')
            [CompletionResult]::new('--athena-catalog', '--athena-catalog', [CompletionResultType]::ParameterName, 'The data catalog of the table [default: report.athena.catalog, else AwsDataCatalog]')
            [CompletionResult]::new('--workgroup', '--workgroup', [CompletionResultType]::ParameterName, 'The Athena workgroup the queries run in [default: report.athena.workgroup, else primary]')
            [CompletionResult]::new('--output-location', '--output-location', [CompletionResultType]::ParameterName, 'Where Athena writes query results, unless the workgroup sets it: s3://BUCKET/PREFIX/ [default: report.athena.output_location, else the workgroup''s]')
            [CompletionResult]::new('--max-requests', '--max-requests', [CompletionResultType]::ParameterName, 'Refuse to make more than N Cost Explorer requests ($0.01 each); 0 serves only from the cache [default: report.max_requests in costbrake.toml, else no limit]')
            [CompletionResult]::new('--cache-ttl', '--cache-ttl', [CompletionResultType]::ParameterName, 'How long cached answers are reused, e.g. 30m, 4h, 0 to disable [default: report.cache_ttl, else 4h]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for regional calls [env: AWS_REGION, else the profile''s region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured in auto mode)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: ./costbrake.toml, then the user config dir]')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Ignore cached answers (Cost Explorer''s, or a CUR result) and fetch or read again')
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
            [CompletionResult]::new('kill', 'kill', [CompletionResultType]::ParameterValue, 'Stop a runaway agent in one command, and undo exactly')
            [CompletionResult]::new('budget', 'budget', [CompletionResultType]::ParameterValue, 'Per-agent AWS Budgets: create, list, show, delete, and sync from costbrake.toml')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Sandbox accounts: member accounts with a hard budget, frozen by SCP when it is spent')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run an agent command under a fresh run id, with its identity, a ledger entry and a brake')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Tag-on-create enforcement the cloud applies: SCP or IAM Deny statements, generated from data')
            [CompletionResult]::new('guard', 'guard', [CompletionResultType]::ParameterValue, 'Stop every agent whose costbrake budget is breached (a dry run unless --apply)')
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
        'costbrake;help;kill' {
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what a kill would do, terraform-style; change nothing')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Restore exactly the state a kill recorded')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'What is killed right now, since when, by whom, and what undo would restore')
            break
        }
        'costbrake;help;kill;plan' {
            break
        }
        'costbrake;help;kill;undo' {
            break
        }
        'costbrake;help;kill;status' {
            break
        }
        'costbrake;help;budget' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create or update an agent''s cost budget (idempotent: same arguments change nothing)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List budgets with limit, actual and forecast spend, percentage used and state')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one budget with its notifications and subscribers')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an agent''s budget (asks to confirm; --yes for scripts)')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Make AWS match the [[budgets]] in costbrake.toml: plan, confirm, apply; --check for CI')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Print, or merge into costbrake.toml, the [[budgets]] entries of the account''s budgets on the agent tag')
            break
        }
        'costbrake;help;budget;create' {
            break
        }
        'costbrake;help;budget;list' {
            break
        }
        'costbrake;help;budget;show' {
            break
        }
        'costbrake;help;budget;delete' {
            break
        }
        'costbrake;help;budget;sync' {
            break
        }
        'costbrake;help;budget;import' {
            break
        }
        'costbrake;help;sandbox' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a sandbox account with its budget (idempotent by name: a second run sends nothing)')
            [CompletionResult]::new('adopt', 'adopt', [CompletionResultType]::ParameterValue, 'Make an existing member account a sandbox, with its budget (idempotent)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every sandbox account: state, owner, budget, actual and forecast spend')
            [CompletionResult]::new('freeze', 'freeze', [CompletionResultType]::ParameterValue, 'Freeze a sandbox: a deny-create SCP on the account and a move to the frozen OU, recorded first')
            [CompletionResult]::new('unfreeze', 'unfreeze', [CompletionResultType]::ParameterValue, 'Reverse a freeze exactly: costbrake''s SCP detached, what --stop-running stopped restored, the account back in its OU (idempotent)')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close a sandbox''s account (CloseAccount; asks to type the account''s name, --yes for scripts)')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Make the organization match the [[sandboxes]] of costbrake.toml: plan, confirm, apply; --check for CI')
            break
        }
        'costbrake;help;sandbox;create' {
            break
        }
        'costbrake;help;sandbox;adopt' {
            break
        }
        'costbrake;help;sandbox;list' {
            break
        }
        'costbrake;help;sandbox;freeze' {
            break
        }
        'costbrake;help;sandbox;unfreeze' {
            break
        }
        'costbrake;help;sandbox;close' {
            break
        }
        'costbrake;help;sandbox;sync' {
            break
        }
        'costbrake;help;run' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The runs this machine recorded, newest first: id, agent, start, duration, exit code, leftovers')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print a run''s variables for a shell (`eval "$(costbrake run env --agent NAME)"`) or a CI job')
            [CompletionResult]::new('credentials', 'credentials', [CompletionResultType]::ParameterValue, 'Print a run''s role credentials for an SDK''s credential_process (used by `run --role`)')
            break
        }
        'costbrake;help;run;list' {
            break
        }
        'costbrake;help;run;env' {
            break
        }
        'costbrake;help;run;credentials' {
            break
        }
        'costbrake;help;policy' {
            [CompletionResult]::new('tag-on-create', 'tag-on-create', [CompletionResultType]::ParameterValue, 'Deny statements that reject creating a resource without each required tag, minified and split to fit the policy size limits')
            [CompletionResult]::new('attach', 'attach', [CompletionResultType]::ParameterValue, 'Create or update costbrake''s tag-on-create SCPs and attach them to an OU, account or root, or put them on an IAM role (idempotent; recorded first)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Whether a policy denies creating each audited resource type without the required tags, and what in it cannot work; exit 1 when coverage is incomplete')
            [CompletionResult]::new('detach', 'detach', [CompletionResultType]::ParameterValue, 'Take costbrake''s tag-on-create documents off the target exactly (others stay; SCPs no other target has are deleted)')
            break
        }
        'costbrake;help;policy;tag-on-create' {
            break
        }
        'costbrake;help;policy;attach' {
            break
        }
        'costbrake;help;policy;check' {
            break
        }
        'costbrake;help;policy;detach' {
            break
        }
        'costbrake;help;guard' {
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
