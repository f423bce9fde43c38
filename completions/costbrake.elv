
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
            cand kill 'Stop a runaway agent in one command, and undo exactly'
            cand budget 'Per-agent AWS Budgets: create, list, show, delete, and sync from costbrake.toml'
            cand sandbox 'Sandbox accounts: member accounts with a hard budget, frozen by SCP when it is spent'
            cand run 'Run an agent command under a fresh run id, with its identity, a ledger entry and a brake'
            cand policy 'Tag-on-create enforcement the cloud applies: SCP or IAM Deny statements, generated from data'
            cand guard 'Stop every agent whose costbrake budget is breached (a dry run unless --apply)'
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
            cand --accounts 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller''s account]'
            cand --role-name 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]'
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
        &'costbrake;kill'= {
            cand --agent 'The agent''s resources: tagged with the configured agent tag (tags.agent, default agent-name)'
            cand --run 'One run''s resources: tagged with the configured run tag (tags.run, default agent-run-id)'
            cand --tag 'Resources tagged KEY=VALUE; repeatable (all must match)'
            cand --regions 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]'
            cand --account 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization''s management account)'
            cand --plan 'Apply exactly this saved plan (from `kill plan --out`); refused if the resources changed since'
            cand --max-resources 'Refuse plans that change more resources than this [default: kill.max_resources, else 500]'
            cand --types 'Only these kinds, comma-separated: `service` or `service:type`, e.g. ec2:instance,lambda [default: every kind kill acts on]'
            cand --accounts 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller''s account]'
            cand --role-name 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand -y 'Do not ask to type the agent name; required when stdin is not a terminal'
            cand --yes 'Do not ask to type the agent name; required when stdin is not a terminal'
            cand --dry-run 'Show the plan and run EC2''s server-side DryRun checks; change nothing'
            cand --allow-partial 'Also deny the agent''s IAM roles and users (and a sandbox account) when every regional listing failed; without it they are left alone then, since the regions'' state is unknown'
            cand --no-irreversible 'Leave alone what undo could not bring back (ECS tasks, Step Functions executions, Bedrock customization jobs): stop only what can be restored'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand plan 'Show what a kill would do, terraform-style; change nothing'
            cand undo 'Restore exactly the state a kill recorded'
            cand status 'What is killed right now, since when, by whom, and what undo would restore'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;kill;plan'= {
            cand --agent 'The agent''s resources: tagged with the configured agent tag (tags.agent, default agent-name)'
            cand --run 'One run''s resources: tagged with the configured run tag (tags.run, default agent-run-id)'
            cand --tag 'Resources tagged KEY=VALUE; repeatable (all must match)'
            cand --regions 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]'
            cand --account 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization''s management account)'
            cand --out 'Also write the plan as JSON to FILE, with a hash of the targeted resources and their states (one account''s: not with --accounts)'
            cand --max-resources 'Refuse plans that change more resources than this [default: kill.max_resources, else 500]'
            cand --types 'Only these kinds, comma-separated: `service` or `service:type`, e.g. ec2:instance,lambda [default: every kind kill acts on]'
            cand --accounts 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller''s account]'
            cand --role-name 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --no-irreversible 'Leave alone what undo could not bring back (ECS tasks, Step Functions executions, Bedrock customization jobs): stop only what can be restored'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;kill;undo'= {
            cand --agent 'The agent''s resources: tagged with the configured agent tag (tags.agent, default agent-name)'
            cand --run 'One run''s resources: tagged with the configured run tag (tags.run, default agent-run-id)'
            cand --tag 'Resources tagged KEY=VALUE; repeatable (all must match)'
            cand --regions 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]'
            cand --account 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization''s management account)'
            cand --kill-id 'Undo the kill with this id (see `costbrake kill status`) instead of selecting by tag'
            cand --accounts 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller''s account]'
            cand --role-name 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --relaunch-tasks 'Start the ECS tasks the kill stopped again (a new task each, RunTask with the recorded task definition, network and overrides); without it they are listed as not restorable'
            cand -y 'Do not ask to type the agent name; required when stdin is not a terminal'
            cand --yes 'Do not ask to type the agent name; required when stdin is not a terminal'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;kill;status'= {
            cand --agent 'The agent''s resources: tagged with the configured agent tag (tags.agent, default agent-name)'
            cand --run 'One run''s resources: tagged with the configured run tag (tags.run, default agent-run-id)'
            cand --tag 'Resources tagged KEY=VALUE; repeatable (all must match)'
            cand --regions 'Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]'
            cand --account 'Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the organization''s management account)'
            cand --accounts 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller''s account]'
            cand --role-name 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]'
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
        &'costbrake;kill;help'= {
            cand plan 'Show what a kill would do, terraform-style; change nothing'
            cand undo 'Restore exactly the state a kill recorded'
            cand status 'What is killed right now, since when, by whom, and what undo would restore'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;kill;help;plan'= {
        }
        &'costbrake;kill;help;undo'= {
        }
        &'costbrake;kill;help;status'= {
        }
        &'costbrake;kill;help;help'= {
        }
        &'costbrake;budget'= {
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
            cand create 'Create or update an agent''s cost budget (idempotent: same arguments change nothing)'
            cand list 'List budgets with limit, actual and forecast spend, percentage used and state'
            cand show 'Show one budget with its notifications and subscribers'
            cand delete 'Delete an agent''s budget (asks to confirm; --yes for scripts)'
            cand sync 'Make AWS match the [[budgets]] in costbrake.toml: plan, confirm, apply; --check for CI'
            cand import 'Print, or merge into costbrake.toml, the [[budgets]] entries of the account''s budgets on the agent tag'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;budget;create'= {
            cand --agent 'The agent (its agent tag value); the budget is named costbrake-agent-NAME'
            cand --limit 'The limit in USD per period, e.g. 500 or 49.99'
            cand --period 'How often the budget resets'
            cand --notify 'Where notifications go: email:ADDRESS or sns:TOPIC_ARN; repeatable (at most 10 emails, 1 topic)'
            cand --thresholds 'ACTUAL spend notifications, in percent of the limit [default: 50,80,100]'
            cand --action 'Create a budget action that acts at 100% of the limit'
            cand --role 'IAM role name the action''s deny policy is attached to; repeatable (at most 100)'
            cand --execution-role 'Role ARN AWS Budgets assumes to run the action (trusts budgets.amazonaws.com, same account)'
            cand --approval 'Who approves the action'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --forecast 'Also notify when the forecast passes 100% of the limit'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;budget;list'= {
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --all 'Every budget of the account, not only costbrake''s (costbrake-agent-*)'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;budget;show'= {
            cand --agent 'The agent whose budget to show'
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
        &'costbrake;budget;delete'= {
            cand --agent 'The agent whose budget (costbrake-agent-NAME) to delete'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand -y 'Delete without asking (required when there is no terminal to confirm on)'
            cand --yes 'Delete without asking (required when there is no terminal to confirm on)'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;budget;sync'= {
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --check 'Only compare: exit 1 when AWS differs from the file, change nothing (for CI)'
            cand -y 'Apply without asking (required when there is no terminal to confirm on)'
            cand --yes 'Apply without asking (required when there is no terminal to confirm on)'
            cand --prune 'Also delete costbrake budgets (costbrake-agent-*) that are not in the file'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;budget;import'= {
            cand --match 'Only budgets whose names match this glob, e.g. ''costbrake-agent-research-*'''
            cand --write 'Merge the entries into FILE (created if missing), keeping its comments and entries'
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
        &'costbrake;budget;help'= {
            cand create 'Create or update an agent''s cost budget (idempotent: same arguments change nothing)'
            cand list 'List budgets with limit, actual and forecast spend, percentage used and state'
            cand show 'Show one budget with its notifications and subscribers'
            cand delete 'Delete an agent''s budget (asks to confirm; --yes for scripts)'
            cand sync 'Make AWS match the [[budgets]] in costbrake.toml: plan, confirm, apply; --check for CI'
            cand import 'Print, or merge into costbrake.toml, the [[budgets]] entries of the account''s budgets on the agent tag'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;budget;help;create'= {
        }
        &'costbrake;budget;help;list'= {
        }
        &'costbrake;budget;help;show'= {
        }
        &'costbrake;budget;help;delete'= {
        }
        &'costbrake;budget;help;sync'= {
        }
        &'costbrake;budget;help;import'= {
        }
        &'costbrake;budget;help;help'= {
        }
        &'costbrake;sandbox'= {
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
            cand create 'Create a sandbox account with its budget (idempotent by name: a second run sends nothing)'
            cand adopt 'Make an existing member account a sandbox, with its budget (idempotent)'
            cand list 'List every sandbox account: state, owner, budget, actual and forecast spend'
            cand freeze 'Freeze a sandbox: a deny-create SCP on the account and a move to the frozen OU, recorded first'
            cand unfreeze 'Reverse a freeze exactly: costbrake''s SCP detached, what --stop-running stopped restored, the account back in its OU (idempotent)'
            cand close 'Close a sandbox''s account (CloseAccount; asks to type the account''s name, --yes for scripts)'
            cand sync 'Make the organization match the [[sandboxes]] of costbrake.toml: plan, confirm, apply; --check for CI'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;sandbox;create'= {
            cand --email 'The new account''s root email address (every AWS account needs its own)'
            cand --budget 'The budget in USD per period, e.g. 500'
            cand --period 'How often the budget resets'
            cand --ou 'The OU to keep the costbrake-sandboxes OU under [default: the organization''s root]'
            cand --owner 'The team member who owns the sandbox (tagged, and gets the budget''s alerts)'
            cand --notify 'Where the budget''s alerts go besides the owner: email:ADDRESS or sns:TOPIC_ARN; repeatable'
            cand --timeout 'How long to wait for AWS to create the account, in seconds'
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
        &'costbrake;sandbox;adopt'= {
            cand --name 'The sandbox''s name [default: the account''s name]'
            cand --budget 'The budget in USD per period, e.g. 500'
            cand --period 'How often the budget resets'
            cand --ou 'The OU to keep the costbrake-sandboxes OU under [default: the organization''s root]'
            cand --owner 'The team member who owns the sandbox (tagged, and gets the budget''s alerts)'
            cand --notify 'Where the budget''s alerts go besides the owner: email:ADDRESS or sns:TOPIC_ARN; repeatable'
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
        &'costbrake;sandbox;list'= {
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
        &'costbrake;sandbox;freeze'= {
            cand --reason 'Why, kept on the account (costbrake:frozen-reason) and shown by `sandbox list`'
            cand --role-name 'The role assumed in the sandbox account'
            cand --regions 'Regions the kill covers, comma-separated, or `all` [default: kill.regions, then audit.regions in costbrake.toml, else the configured region; unfreeze: those the freeze recorded]'
            cand --max-resources 'Refuse a kill that changes more resources than this [default: kill.max_resources, else 500]'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --stop-running 'Also stop what already runs in the account: the kill-switch over every resource of it (IAM principals aside), with the account''s own role; journaled, and undone by unfreeze'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;sandbox;unfreeze'= {
            cand --role-name 'The role assumed in the sandbox account'
            cand --regions 'Regions the kill covers, comma-separated, or `all` [default: kill.regions, then audit.regions in costbrake.toml, else the configured region; unfreeze: those the freeze recorded]'
            cand --max-resources 'Refuse a kill that changes more resources than this [default: kill.max_resources, else 500]'
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
        &'costbrake;sandbox;close'= {
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --yes 'Close without asking (for scripts)'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;sandbox;sync'= {
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --check 'Only compare: exit 1 when the organization differs from the file (for CI); nothing is changed'
            cand --yes 'Apply without asking (for scripts)'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;sandbox;help'= {
            cand create 'Create a sandbox account with its budget (idempotent by name: a second run sends nothing)'
            cand adopt 'Make an existing member account a sandbox, with its budget (idempotent)'
            cand list 'List every sandbox account: state, owner, budget, actual and forecast spend'
            cand freeze 'Freeze a sandbox: a deny-create SCP on the account and a move to the frozen OU, recorded first'
            cand unfreeze 'Reverse a freeze exactly: costbrake''s SCP detached, what --stop-running stopped restored, the account back in its OU (idempotent)'
            cand close 'Close a sandbox''s account (CloseAccount; asks to type the account''s name, --yes for scripts)'
            cand sync 'Make the organization match the [[sandboxes]] of costbrake.toml: plan, confirm, apply; --check for CI'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;sandbox;help;create'= {
        }
        &'costbrake;sandbox;help;adopt'= {
        }
        &'costbrake;sandbox;help;list'= {
        }
        &'costbrake;sandbox;help;freeze'= {
        }
        &'costbrake;sandbox;help;unfreeze'= {
        }
        &'costbrake;sandbox;help;close'= {
        }
        &'costbrake;sandbox;help;sync'= {
        }
        &'costbrake;sandbox;help;help'= {
        }
        &'costbrake;run'= {
            cand --agent 'The agent''s name: the agent-name session tag, AGENT_NAME, and the ledger''s agent'
            cand --run-id 'The run id [default: a new random UUID]'
            cand --role 'Act as this IAM role: AssumeRole with the run''s session tags, refreshed for as long as the command runs [default: run.role in costbrake.toml, else the caller''s own credentials]'
            cand --on-exit 'After the command exits: list what the run left behind (report), stop it with the kill-switch (kill, undoable with `costbrake kill undo --run ID`), or nothing [default: run.on_exit, else report]'
            cand --max-duration 'End the command after this long (SIGTERM, then SIGKILL after --grace), e.g. 30m or 2h; the on-exit step still runs [default: run.max_duration, else no limit]'
            cand --grace 'Time between SIGTERM and SIGKILL when --max-duration ends the command [default: run.grace, else 10s]'
            cand --regions 'Regions the on-exit step looks in, comma-separated, or `all` [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --role-optional 'Run the command with the caller''s own credentials when the role cannot be assumed'
            cand --print-policy 'Print the IAM policy that makes the role''s creates carry the run''s tags, and exit'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'The runs this machine recorded, newest first: id, agent, start, duration, exit code, leftovers'
            cand env 'Print a run''s variables for a shell (`eval "$(costbrake run env --agent NAME)"`) or a CI job'
            cand credentials 'Print a run''s role credentials for an SDK''s credential_process (used by `run --role`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;run;list'= {
            cand --agent 'Only this agent''s runs'
            cand --limit 'Show at most this many runs'
            cand --accounts 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller''s account]'
            cand --role-name 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]'
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
        &'costbrake;run;env'= {
            cand --agent 'The agent''s name'
            cand --run-id 'The run id [default: a new random UUID]'
            cand --format 'How to print them: `export` lines for sh, bash and zsh, or appended to $GITHUB_ENV for the next steps of a GitHub Actions job'
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
        &'costbrake;run;credentials'= {
            cand --file 'The run''s credential file'
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
        &'costbrake;run;help'= {
            cand list 'The runs this machine recorded, newest first: id, agent, start, duration, exit code, leftovers'
            cand env 'Print a run''s variables for a shell (`eval "$(costbrake run env --agent NAME)"`) or a CI job'
            cand credentials 'Print a run''s role credentials for an SDK''s credential_process (used by `run --role`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;run;help;list'= {
        }
        &'costbrake;run;help;env'= {
        }
        &'costbrake;run;help;credentials'= {
        }
        &'costbrake;run;help;help'= {
        }
        &'costbrake;policy'= {
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
            cand tag-on-create 'Deny statements that reject creating a resource without each required tag, minified and split to fit the policy size limits'
            cand attach 'Create or update costbrake''s tag-on-create SCPs and attach them to an OU, account or root, or put them on an IAM role (idempotent; recorded first)'
            cand check 'Whether a policy denies creating each audited resource type without the required tags, and what in it cannot work; exit 1 when coverage is incomplete'
            cand detach 'Take costbrake''s tag-on-create documents off the target exactly (others stay; SCPs no other target has are deleted)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;policy;tag-on-create'= {
            cand --tag 'A tag key every create must carry; repeatable [default: tags.required in costbrake.toml, else agent-name and agent-run-id]'
            cand --services 'Services whose creates are covered, comma-separated [default: the services the audit lists]'
            cand --value-pattern 'The values a tag must match, an IAM glob such as `agent-*` [default: any non-empty value]'
            cand --form 'An SCP for the agents'' OU or accounts, or an IAM policy for their roles'
            cand --out 'Write each document to DIR/NAME.json (the directory is created)'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --all-creates 'Cover every create action of the services that takes request tags, not only the creates of the resource types the audit lists (many more documents)'
            cand --run-scoped 'Also require the run tag to equal the caller''s principal tag of the same key (the session tag `costbrake run --role` sets), so one run cannot tag its resources as another''s'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;policy;attach'= {
            cand --target 'An OU (ou-...), a member account (12 digits) or, with --allow-root, the root (r-...): the documents become SCPs (run from the management account or a delegated administrator)'
            cand --role 'An IAM role of this account: the documents become its inline policies (the IAM form)'
            cand --name 'The documents'' name (several get -1, -2, ...) [default: costbrake-tag-on-create]'
            cand --tag 'A tag key every create must carry; repeatable [default: tags.required in costbrake.toml, else agent-name and agent-run-id]'
            cand --services 'Services whose creates are covered, comma-separated [default: the services the audit lists]'
            cand --value-pattern 'The values a tag must match, an IAM glob such as `agent-*` [default: any non-empty value]'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --allow-root 'Allow --target to be the organization''s root (every account)'
            cand --all-creates 'Cover every create action of the services that takes request tags, not only the creates of the resource types the audit lists (many more documents)'
            cand --run-scoped 'Also require the run tag to equal the caller''s principal tag of the same key (the session tag `costbrake run --role` sets), so one run cannot tag its resources as another''s'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;policy;check'= {
            cand --target 'Check the SCPs attached to this OU, account or root'
            cand --role 'Check this IAM role''s inline policies'
            cand --tag 'A tag key every create must carry; repeatable [default: tags.required in costbrake.toml]'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --iam 'Apply IAM''s limits (6,144 characters) to the files rather than an SCP''s (5,120, whitespace counted; 5 per target)'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;policy;detach'= {
            cand --target 'An OU (ou-...), a member account (12 digits) or, with --allow-root, the root (r-...): the documents become SCPs (run from the management account or a delegated administrator)'
            cand --role 'An IAM role of this account: the documents become its inline policies (the IAM form)'
            cand --name 'The documents'' name, as given to attach [default: costbrake-tag-on-create]'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --allow-root 'Allow --target to be the organization''s root'
            cand -v 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand --verbose 'More logging on stderr: -v for costbrake''s steps, -vv for every AWS request'
            cand -q 'Only errors on stderr: no progress, no summaries'
            cand --quiet 'Only errors on stderr: no progress, no summaries'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'costbrake;policy;help'= {
            cand tag-on-create 'Deny statements that reject creating a resource without each required tag, minified and split to fit the policy size limits'
            cand attach 'Create or update costbrake''s tag-on-create SCPs and attach them to an OU, account or root, or put them on an IAM role (idempotent; recorded first)'
            cand check 'Whether a policy denies creating each audited resource type without the required tags, and what in it cannot work; exit 1 when coverage is incomplete'
            cand detach 'Take costbrake''s tag-on-create documents off the target exactly (others stay; SCPs no other target has are deleted)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;policy;help;tag-on-create'= {
        }
        &'costbrake;policy;help;attach'= {
        }
        &'costbrake;policy;help;check'= {
        }
        &'costbrake;policy;help;detach'= {
        }
        &'costbrake;policy;help;help'= {
        }
        &'costbrake;guard'= {
            cand --interval 'Time between passes without --once: seconds, minutes or hours, e.g. 15m, 1h (at least 1m; AWS refreshes budget spend only a few times a day)'
            cand --regions 'Regions the kills cover, comma-separated, or `all` [default: kill.regions, then audit.regions in costbrake.toml, else the configured region]'
            cand --max-resources 'Refuse kills that change more resources than this [default: kill.max_resources, else 500]'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --apply 'Stop the breached agents (journaled, undoable with `costbrake kill undo`); without it, only report. This flag is the confirmation: guard never prompts'
            cand --once 'Run one pass and exit (cron, scheduled CI); without it, check again every --interval until stopped'
            cand --no-irreversible 'Leave alone what undo could not bring back (ECS tasks, Step Functions executions, Bedrock customization jobs)'
            cand --no-thaw 'Keep the sandboxes guard froze frozen after their budget''s period turns (by default they are thawed then)'
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
            cand --accounts 'Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller''s account]'
            cand --role-name 'The role assumed in each account [default: accounts.role_name in costbrake.toml, else OrganizationAccountAccessRole]'
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
            cand --by 'Group by: agent-run-id (the configured run tag), agent (the configured agent tag), service, region, account, usage-type, or any tag key (tag:KEY forces a tag); with --source cur also resource and iam-principal [default: the run tag]'
            cand --then 'A second grouping under --by, e.g. --then service (two groupings at most)'
            cand --granularity 'Time buckets'
            cand --run 'Only cost tagged with this run id'
            cand --top 'Show the N costliest rows and fold the rest into one (untagged cost is always shown)'
            cand --since 'The last N days (7d), weeks (2w), or since a date (2026-11-01), today included [default: 7d, 30d for `report runs`]'
            cand --period 'A calendar period: this-month (or mtd), last-month, or a month such as 2026-11'
            cand --start 'First day, YYYY-MM-DD (UTC)'
            cand --end 'Last day, inclusive, YYYY-MM-DD (UTC) [default: today]'
            cand --metric 'Cost metric'
            cand --agent 'Only cost tagged with this agent name (the configured agent tag)'
            cand --source 'Where cost comes from: ce (Cost Explorer, $0.01 a request) or cur (the CUR 2.0 export, see --cur) [default: report.source in costbrake.toml, else ce]'
            cand --cur 'The CUR 2.0 export to read: s3://BUCKET/PREFIX/EXPORT_NAME, or the directory of a downloaded export (it holds data/ and metadata/); implies --source cur [default: report.cur]'
            cand --engine 'How the CUR is read: embedded (costbrake streams the export''s files) or athena (the query runs in Athena over a table on the export; see --athena-table) [default: report.engine, else embedded]'
            cand --athena-database 'The Glue database holding the CUR 2.0 table (--engine athena) [default: report.athena.database]'
            cand --athena-table 'The CUR 2.0 table (--engine athena); implies --source cur --engine athena [default: report.athena.table]'
            cand --athena-catalog 'The data catalog of the table [default: report.athena.catalog, else AwsDataCatalog]'
            cand --workgroup 'The Athena workgroup the queries run in [default: report.athena.workgroup, else primary]'
            cand --output-location 'Where Athena writes query results, unless the workgroup sets it: s3://BUCKET/PREFIX/ [default: report.athena.output_location, else the workgroup''s]'
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
            cand --refresh 'Ignore cached answers (Cost Explorer''s, or a CUR result) and fetch or read again'
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
            cand --period 'A calendar period: this-month (or mtd), last-month, or a month such as 2026-11'
            cand --start 'First day, YYYY-MM-DD (UTC)'
            cand --end 'Last day, inclusive, YYYY-MM-DD (UTC) [default: today]'
            cand --metric 'Cost metric'
            cand --agent 'Only cost tagged with this agent name (the configured agent tag)'
            cand --source 'Where cost comes from: ce (Cost Explorer, $0.01 a request) or cur (the CUR 2.0 export, see --cur) [default: report.source in costbrake.toml, else ce]'
            cand --cur 'The CUR 2.0 export to read: s3://BUCKET/PREFIX/EXPORT_NAME, or the directory of a downloaded export (it holds data/ and metadata/); implies --source cur [default: report.cur]'
            cand --engine 'How the CUR is read: embedded (costbrake streams the export''s files) or athena (the query runs in Athena over a table on the export; see --athena-table) [default: report.engine, else embedded]'
            cand --athena-database 'The Glue database holding the CUR 2.0 table (--engine athena) [default: report.athena.database]'
            cand --athena-table 'The CUR 2.0 table (--engine athena); implies --source cur --engine athena [default: report.athena.table]'
            cand --athena-catalog 'The data catalog of the table [default: report.athena.catalog, else AwsDataCatalog]'
            cand --workgroup 'The Athena workgroup the queries run in [default: report.athena.workgroup, else primary]'
            cand --output-location 'Where Athena writes query results, unless the workgroup sets it: s3://BUCKET/PREFIX/ [default: report.athena.output_location, else the workgroup''s]'
            cand --max-requests 'Refuse to make more than N Cost Explorer requests ($0.01 each); 0 serves only from the cache [default: report.max_requests in costbrake.toml, else no limit]'
            cand --cache-ttl 'How long cached answers are reused, e.g. 30m, 4h, 0 to disable [default: report.cache_ttl, else 4h]'
            cand --profile 'Named profile from ~/.aws/config [env: AWS_PROFILE]'
            cand --region 'Region for regional calls [env: AWS_REGION, else the profile''s region]'
            cand --endpoint-url 'Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand -o 'Output format for results on stdout'
            cand --output 'Output format for results on stdout'
            cand --color 'When to use colour (NO_COLOR is honoured in auto mode)'
            cand --config 'Configuration file [default: ./costbrake.toml, then the user config dir]'
            cand --refresh 'Ignore cached answers (Cost Explorer''s, or a CUR result) and fetch or read again'
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
            cand kill 'Stop a runaway agent in one command, and undo exactly'
            cand budget 'Per-agent AWS Budgets: create, list, show, delete, and sync from costbrake.toml'
            cand sandbox 'Sandbox accounts: member accounts with a hard budget, frozen by SCP when it is spent'
            cand run 'Run an agent command under a fresh run id, with its identity, a ledger entry and a brake'
            cand policy 'Tag-on-create enforcement the cloud applies: SCP or IAM Deny statements, generated from data'
            cand guard 'Stop every agent whose costbrake budget is breached (a dry run unless --apply)'
            cand doctor 'Check credentials, region, endpoint and account setup, with a verdict per line'
            cand report 'Cost by run, agent, service or any tag from Cost Explorer, and what the report itself cost'
            cand completions 'Print shell completions to stdout'
            cand man 'Print the man page (roff) to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'costbrake;help;audit'= {
        }
        &'costbrake;help;kill'= {
            cand plan 'Show what a kill would do, terraform-style; change nothing'
            cand undo 'Restore exactly the state a kill recorded'
            cand status 'What is killed right now, since when, by whom, and what undo would restore'
        }
        &'costbrake;help;kill;plan'= {
        }
        &'costbrake;help;kill;undo'= {
        }
        &'costbrake;help;kill;status'= {
        }
        &'costbrake;help;budget'= {
            cand create 'Create or update an agent''s cost budget (idempotent: same arguments change nothing)'
            cand list 'List budgets with limit, actual and forecast spend, percentage used and state'
            cand show 'Show one budget with its notifications and subscribers'
            cand delete 'Delete an agent''s budget (asks to confirm; --yes for scripts)'
            cand sync 'Make AWS match the [[budgets]] in costbrake.toml: plan, confirm, apply; --check for CI'
            cand import 'Print, or merge into costbrake.toml, the [[budgets]] entries of the account''s budgets on the agent tag'
        }
        &'costbrake;help;budget;create'= {
        }
        &'costbrake;help;budget;list'= {
        }
        &'costbrake;help;budget;show'= {
        }
        &'costbrake;help;budget;delete'= {
        }
        &'costbrake;help;budget;sync'= {
        }
        &'costbrake;help;budget;import'= {
        }
        &'costbrake;help;sandbox'= {
            cand create 'Create a sandbox account with its budget (idempotent by name: a second run sends nothing)'
            cand adopt 'Make an existing member account a sandbox, with its budget (idempotent)'
            cand list 'List every sandbox account: state, owner, budget, actual and forecast spend'
            cand freeze 'Freeze a sandbox: a deny-create SCP on the account and a move to the frozen OU, recorded first'
            cand unfreeze 'Reverse a freeze exactly: costbrake''s SCP detached, what --stop-running stopped restored, the account back in its OU (idempotent)'
            cand close 'Close a sandbox''s account (CloseAccount; asks to type the account''s name, --yes for scripts)'
            cand sync 'Make the organization match the [[sandboxes]] of costbrake.toml: plan, confirm, apply; --check for CI'
        }
        &'costbrake;help;sandbox;create'= {
        }
        &'costbrake;help;sandbox;adopt'= {
        }
        &'costbrake;help;sandbox;list'= {
        }
        &'costbrake;help;sandbox;freeze'= {
        }
        &'costbrake;help;sandbox;unfreeze'= {
        }
        &'costbrake;help;sandbox;close'= {
        }
        &'costbrake;help;sandbox;sync'= {
        }
        &'costbrake;help;run'= {
            cand list 'The runs this machine recorded, newest first: id, agent, start, duration, exit code, leftovers'
            cand env 'Print a run''s variables for a shell (`eval "$(costbrake run env --agent NAME)"`) or a CI job'
            cand credentials 'Print a run''s role credentials for an SDK''s credential_process (used by `run --role`)'
        }
        &'costbrake;help;run;list'= {
        }
        &'costbrake;help;run;env'= {
        }
        &'costbrake;help;run;credentials'= {
        }
        &'costbrake;help;policy'= {
            cand tag-on-create 'Deny statements that reject creating a resource without each required tag, minified and split to fit the policy size limits'
            cand attach 'Create or update costbrake''s tag-on-create SCPs and attach them to an OU, account or root, or put them on an IAM role (idempotent; recorded first)'
            cand check 'Whether a policy denies creating each audited resource type without the required tags, and what in it cannot work; exit 1 when coverage is incomplete'
            cand detach 'Take costbrake''s tag-on-create documents off the target exactly (others stay; SCPs no other target has are deleted)'
        }
        &'costbrake;help;policy;tag-on-create'= {
        }
        &'costbrake;help;policy;attach'= {
        }
        &'costbrake;help;policy;check'= {
        }
        &'costbrake;help;policy;detach'= {
        }
        &'costbrake;help;guard'= {
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
